import { Module, OnModuleInit } from '@nestjs/common';
import { ModuleKey } from '../../config/module-key';
import { moduleStatusController } from '../../kernel/module-status';
import { ScreenTranslator } from '../../kernel/screens';
import { EMBEDDED_WEB_TRANSLATIONS } from './i18n/embedded-web.translations';
import { CtraderWebLaunchService } from './screens/ctrader-web-launch.service';
import { EmbeddedWebController } from './screens/embedded-web.controller';

/**
 * Embedded cTrader Web: client-area pages that open cTrader Web with a fresh one-time token. Needs Full SSO for
 * the broker (only our own SSO can issue the token; boot validation in config/module-compatibility.ts) and reads
 * the client area's `client` session through the kernel.
 */
@Module({
  controllers: [moduleStatusController(ModuleKey.EmbeddedWeb), EmbeddedWebController],
  providers: [CtraderWebLaunchService],
})
export class EmbeddedWebModule implements OnModuleInit {
  constructor(private readonly translator: ScreenTranslator) {}

  onModuleInit(): void {
    this.translator.addTranslations(EMBEDDED_WEB_TRANSLATIONS);
  }
}
