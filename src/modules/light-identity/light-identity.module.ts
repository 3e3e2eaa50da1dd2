import { Module, OnModuleInit } from '@nestjs/common';
import { ModuleKey } from '../../config/module-key';
import { moduleStatusController } from '../../kernel/module-status';
import { ScreenTranslator } from '../../kernel/screens';
import { LIGHT_IDENTITY_TRANSLATIONS } from './i18n/light-identity.translations';
import { LightIdentityInappRedeemer } from './services/light-identity-inapp-redeemer';
import { LightIdentityUsers } from './services/light-identity-users.service';

/**
 * Light identity (One-time token handoff): cTrader stays the identity provider; the kernel's in-app door
 * (InappEntryService) redeems cTrader's one-time token through this module's redeemer, so InAppActions and
 * PartnerAttribution screens work unchanged. It has no routes of its own besides the module status.
 */
@Module({
  controllers: [moduleStatusController(ModuleKey.LightIdentity)],
  providers: [LightIdentityInappRedeemer, LightIdentityUsers],
})
export class LightIdentityModule implements OnModuleInit {
  constructor(private readonly translator: ScreenTranslator) {}

  onModuleInit(): void {
    this.translator.addTranslations(LIGHT_IDENTITY_TRANSLATIONS);
  }
}
