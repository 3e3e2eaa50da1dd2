import { Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleKey } from '../../../config/module-key';
import { BackOfficeNav } from '../../../kernel/back-office';
import { ScreenTranslator } from '../../../kernel/screens';
import { PARTNER_PAGES_TRANSLATIONS } from './partner-pages-translations';

/** The partner pages in the back office: the navigation entry (brokers with partner attribution on) and the strings. */
@Injectable()
export class PartnerPagesBackOffice implements OnModuleInit {
  constructor(
    private readonly nav: BackOfficeNav,
    private readonly translator: ScreenTranslator,
  ) {}

  onModuleInit(): void {
    this.translator.addTranslations(PARTNER_PAGES_TRANSLATIONS);
    this.nav.add({
      id: 'partners',
      labelKey: 'partnerPages.title',
      href: '/back-office/brokers/:brokerName/partners',
      module: ModuleKey.PartnerAttribution,
      order: 60,
    });
  }
}
