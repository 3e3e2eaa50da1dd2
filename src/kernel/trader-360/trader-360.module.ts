import { Global, Module } from '@nestjs/common';
import { Trader360BackOffice } from './trader-360-back-office';
import { Trader360PagesController } from './trader-360-pages.controller';
import { TraderAccountsSection } from './trader-accounts.section';
import { TraderAuditSection } from './trader-audit.section';
import { TraderConsentsSection } from './trader-consents.section';
import { TraderFinder } from './trader-finder.service';
import { TraderSessionsSection } from './trader-sessions.section';
import { Trader360 } from './trader-360.service';
import { Trader360Sections } from './trader-360-sections';

/**
 * Trader 360 (issue #19): the section registry modules register into, the one-box search, and the kernel's own
 * sections (accounts with cTrader balances, sessions, consents, audit). Global, so a module can register a section
 * whatever the import order.
 */
@Global()
@Module({
  providers: [
    Trader360Sections,
    TraderFinder,
    Trader360,
    TraderAccountsSection,
    TraderSessionsSection,
    TraderConsentsSection,
    TraderAuditSection,
    Trader360BackOffice,
  ],
  controllers: [Trader360PagesController],
  exports: [Trader360Sections, TraderFinder, Trader360],
})
export class Trader360Module {}
