import { Type } from '@nestjs/common';
import { ModuleKey } from '../config/module-key';
import { EmbeddedWebModule } from './embedded-web/embedded-web.module';
import { FullSsoModule } from './full-sso/full-sso.module';
import { InappActionsModule } from './inapp-actions/inapp-actions.module';
import { InappControlsModule } from './inapp-controls/inapp-controls.module';
import { LightIdentityModule } from './light-identity/light-identity.module';
import { PartnerAttributionModule } from './partner-attribution/partner-attribution.module';

/** Deployment gate (ARCHITECTURE.md §2): the Nest module behind each key; only listed keys are imported. */
export const FEATURE_MODULES: Record<ModuleKey, Type<unknown>> = {
  [ModuleKey.FullSso]: FullSsoModule,
  [ModuleKey.LightIdentity]: LightIdentityModule,
  [ModuleKey.InappActions]: InappActionsModule,
  [ModuleKey.InappControls]: InappControlsModule,
  [ModuleKey.PartnerAttribution]: PartnerAttributionModule,
  [ModuleKey.EmbeddedWeb]: EmbeddedWebModule,
};
