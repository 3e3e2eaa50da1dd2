import { Controller, Get, Logger, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { brokersWith, mayAdminister } from '../admin-access/admin-principal';
import { BackOffice, BackOfficePage } from './back-office-page.decorator';
import { BackOfficeCounters, brokerHref } from './back-office-registry';
import { BackOfficeRenderer, BACK_OFFICE_TEMPLATES } from './back-office-renderer.service';
import type { BackOfficeSession } from './back-office-session';

/**
 * The dashboard: per broker the person may see, every registered counter they may see (its permission on that
 * broker, its module on), each linking to its queue. A counter that fails shows "n/a" instead of breaking the page.
 */
@Controller('back-office')
export class BackOfficeDashboardController {
  private readonly logger = new Logger('BackOfficeDashboard');

  constructor(
    private readonly counters: BackOfficeCounters,
    private readonly renderer: BackOfficeRenderer,
  ) {}

  @Get()
  @BackOfficePage('read')
  async dashboard(@BackOffice() session: BackOfficeSession, @Res() reply: FastifyReply) {
    const counters = this.counters.all();
    const rows = await Promise.all(
      session.visibleBrokers.map(async (broker) => ({
        brokerName: broker.brokerName,
        cells: await Promise.all(
          counters.map(async (c) => {
            const holder = { ...session.principal, brokers: brokersWith(session.principal.grants, c.permission ?? 'read') };
            if ((c.module && !broker.modules.has(c.module)) || !mayAdminister(holder, broker.brokerName)) return { id: c.id, shown: false };
            let count: number | null = null;
            try {
              count = await c.count(broker);
            } catch (error: unknown) {
              this.logger.warn({ err: error instanceof Error ? error.message : String(error), counter: c.id }, 'dashboard counter failed');
            }
            return { id: c.id, shown: true, count, href: this.renderer.href(brokerHref(c.href, broker.brokerName)) };
          }),
        ),
      })),
    );
    return this.renderer.render(reply, BACK_OFFICE_TEMPLATES.dashboard, { counters, rows }, 'backOffice.dashboard.title');
  }
}
