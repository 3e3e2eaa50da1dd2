import { Injectable, OnModuleInit } from '@nestjs/common';
import { BackOfficeNav } from '../back-office';
import { ScreenTranslator } from '../screens/i18n/screen-translator.service';
import { STAFF_PAGES_TRANSLATIONS } from './staff-pages-translations';

/** The jobs and audit pages in the back office: navigation and strings (the dead-jobs counter is kernel/jobs'). */
@Injectable()
export class StaffPagesBackOffice implements OnModuleInit {
  constructor(
    private readonly nav: BackOfficeNav,
    private readonly translator: ScreenTranslator,
  ) {}

  onModuleInit(): void {
    this.translator.addTranslations(STAFF_PAGES_TRANSLATIONS);
    this.nav.add({ id: 'jobs', labelKey: 'staffPages.jobs.title', href: '/back-office/brokers/:brokerName/jobs', order: 80 });
    this.nav.add({ id: 'audit', labelKey: 'staffPages.audit.title', href: '/back-office/audit', order: 90 });
  }
}
