import { Module, OnModuleInit } from '@nestjs/common';
import { ScreenTranslator } from '../../kernel/screens';
import { CLIENT_AREA_TRANSLATIONS } from './i18n/client-area.translations';
import { ClientAreaController } from './screens/client-area.controller';
import { ClientAreaDashboard } from './screens/client-area-dashboard.service';

/**
 * The client area (/client): dashboard, login/logout, profile. Imported with Full SSO (feature-modules.ts) and
 * broker-gated by it: same users, same password check, a screen session of its own.
 */
@Module({ controllers: [ClientAreaController], providers: [ClientAreaDashboard] })
export class ClientAreaModule implements OnModuleInit {
  constructor(private readonly translator: ScreenTranslator) {}

  onModuleInit(): void {
    this.translator.addTranslations(CLIENT_AREA_TRANSLATIONS);
  }
}
