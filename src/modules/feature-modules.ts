import { DynamicModule, Type } from '@nestjs/common';
import { ModuleKey } from '../config/module-key';
import { ClientAreaModule } from './client-area/client-area.module';
import { EmbeddedWebModule } from './embedded-web/embedded-web.module';
import { FullSsoModule } from './full-sso/full-sso.module';
import { InappActionsModule } from './inapp-actions/inapp-actions.module';
import { InappControlsModule } from './inapp-controls/inapp-controls.module';
import { LightIdentityModule } from './light-identity/light-identity.module';
import { PartnerAttributionModule } from './partner-attribution/partner-attribution.module';

/**
 * Nest modules that belong to one key's deployment unit: each is imported along with the key's own module.
 * The client area logs traders in with the Full-SSO users and password, so it comes (and goes) with fullSso;
 * its routes are broker-gated by fullSso too.
 */
const COMPANIONS: Partial<Record<ModuleKey, Type<unknown>[]>> = {
  [ModuleKey.FullSso]: [ClientAreaModule],
};

const withCompanions = (key: ModuleKey, module: Type<unknown>): Type<unknown> | DynamicModule =>
  COMPANIONS[key]?.length ? { module, imports: COMPANIONS[key] } : module;

/** Deployment gate (ARCHITECTURE.md §2): the Nest module(s) behind each key; only listed keys are imported. */
export const FEATURE_MODULES: Record<ModuleKey, Type<unknown> | DynamicModule> = {
  [ModuleKey.FullSso]: withCompanions(ModuleKey.FullSso, FullSsoModule),
  [ModuleKey.LightIdentity]: LightIdentityModule,
  [ModuleKey.InappActions]: InappActionsModule,
  [ModuleKey.InappControls]: InappControlsModule,
  [ModuleKey.PartnerAttribution]: PartnerAttributionModule,
  [ModuleKey.EmbeddedWeb]: EmbeddedWebModule,
};
