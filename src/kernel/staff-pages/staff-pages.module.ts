import { Module } from '@nestjs/common';
import { AuditPagesController } from './audit-pages.controller';
import { JobsPagesController } from './jobs-pages.controller';
import { StaffPagesBackOffice } from './staff-pages-back-office';

/**
 * The kernel's own back-office pages that belong to no feature module: the job queue per broker and the audit log
 * (issue #19). Apart from JobsModule and AuditModule, which other apps (the screens test app) load without the
 * back office.
 */
@Module({ controllers: [JobsPagesController, AuditPagesController], providers: [StaffPagesBackOffice] })
export class StaffPagesModule {}
