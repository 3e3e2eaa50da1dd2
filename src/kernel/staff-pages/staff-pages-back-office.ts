import { Injectable, OnModuleInit } from '@nestjs/common';
import { BackOfficeCounters, BackOfficeNav } from '../back-office';
import { JobAdministration } from '../jobs/job-administration.service';
import { ScreenTranslator } from '../screens/i18n/screen-translator.service';
import { STAFF_PAGES_TRANSLATIONS } from './staff-pages-translations';

/** The jobs and audit pages in the back office: navigation, the dead-jobs counter, their strings. */
@Injectable()
export class StaffPagesBackOffice implements OnModuleInit {
  constructor(
    private readonly nav: BackOfficeNav,
    private readonly counters: BackOfficeCounters,
    private readonly jobs: JobAdministration,
    private readonly translator: ScreenTranslator,
  ) {}

  onModuleInit(): void {
    this.translator.addTranslations(STAFF_PAGES_TRANSLATIONS);
    this.nav.add({ id: 'jobs', labelKey: 'staffPages.jobs.title', href: '/back-office/brokers/:brokerName/jobs', order: 80 });
    this.nav.add({ id: 'audit', labelKey: 'staffPages.audit.title', href: '/back-office/audit', order: 90 });
    this.counters.add({
      id: 'deadJobs',
      labelKey: 'staffPages.jobs.deadJobs',
      href: '/back-office/brokers/:brokerName/jobs?state=dead',
      order: 40,
      count: (broker) => this.jobs.deadCount([broker.brokerName]),
    });
  }
}
