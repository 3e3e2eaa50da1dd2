import { Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleKey } from '../../../config/module-key';
import { BackOfficeNav } from '../../../kernel/back-office';
import { ScreenTranslator } from '../../../kernel/screens';
import { RIBBON_PAGES_TRANSLATIONS } from './ribbon-pages-translations';

/** The ribbon pages in the back office: the navigation entry (brokers with ribbons on) and the strings. */
@Injectable()
export class RibbonPagesBackOffice implements OnModuleInit {
  constructor(
    private readonly nav: BackOfficeNav,
    private readonly translator: ScreenTranslator,
  ) {}

  onModuleInit(): void {
    this.translator.addTranslations(RIBBON_PAGES_TRANSLATIONS);
    this.nav.add({ id: 'ribbons', labelKey: 'ribbons.title', href: '/back-office/brokers/:brokerName/ribbons', module: ModuleKey.InappControls, order: 50 });
  }
}
