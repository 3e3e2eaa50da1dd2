import { Body, Controller, Get, Injectable, OnModuleInit, Param, Post, Query, Req, Res } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { In, Repository } from 'typeorm';
import { ModuleKey } from '../../../../config/module-key';
import { brokersWith, mayAdminister, StaffService } from '../../../../kernel/admin-access';
import {
  BackOffice,
  BackOfficeBroker,
  BackOfficeCounters,
  BackOfficeFlash,
  BackOfficeNav,
  BackOfficePage,
  BackOfficeRedirect,
  BackOfficeRenderer,
  BackOfficeRequest,
  BackOfficeSession,
  sendCsv,
  formField,
} from '../../../../kernel/back-office';
import type { BrokerContext } from '../../../../kernel/broker-identification';
import { ScreenException, ScreenTranslator } from '../../../../kernel/screens';
import { TraderUser } from '../../../../kernel/users';
import { FourEyesRefusal, needsSecondApproval } from '../domain/four-eyes';
import { formatMinor } from '../domain/money-amount';
import { PAYMENT_KINDS, PAYMENT_STATES, PaymentKind, PaymentState } from '../domain/payment-state';
import { PaymentRequest } from '../entities/payment-request.entity';
import { reference } from '../providers/manual-payment.provider';
import { isUuid } from '../../../../lib/ids/uuid';
import { PaymentRequests } from '../services/payment-requests.service';
import { PAYMENT_PAGES_TRANSLATIONS } from './payment-pages-translations';

const TEMPLATE = '/modules/inapp-actions/payments/back-office/templates/payments';
const OPEN_STATES: PaymentState[] = ['created', 'pending'];

interface Filters {
  kind?: PaymentKind;
  /** A state, or undefined = every state; the page's default is `pending`. */
  state?: PaymentState;
}

function filtersOf(q: Record<string, unknown>): Filters {
  const kind = PAYMENT_KINDS.find((k) => k === q.kind);
  const state = q.state === 'all' ? undefined : (PAYMENT_STATES.find((s) => s === q.state) ?? 'pending');
  return { kind, state };
}

function filterQuery(f: Filters): string {
  const params = new URLSearchParams();
  if (f.kind) params.set('kind', f.kind);
  params.set('state', f.state ?? 'all');
  return params.toString();
}

/**
 * The payments queue as pages (issue #19): list with filters, approve / reject with four-eyes exactly as the admin
 * API (PaymentRequests.approveAsStaff: same refusals, same audit, the person as actor), and the CSV export of the
 * filtered list. The page says, per row, what four-eyes still needs and whether this person may give it.
 */
@Controller('back-office/brokers/:brokerName/payments')
export class PaymentPagesController {
  constructor(
    @InjectRepository(PaymentRequest) private readonly repository: Repository<PaymentRequest>,
    @InjectRepository(TraderUser) private readonly traders: Repository<TraderUser>,
    private readonly payments: PaymentRequests,
    private readonly staff: StaffService,
    private readonly pages: BackOfficeRenderer,
    private readonly flash: BackOfficeFlash,
  ) {}

  @Get()
  @BackOfficePage('read', ModuleKey.InappActions)
  async list(@BackOffice() bo: BackOfficeSession, @BackOfficeBroker() broker: BrokerContext, @Query() q: Record<string, unknown>, @Res() reply: FastifyReply) {
    const filters = filtersOf(q);
    const rows = await this.query(broker, filters, 200);
    const emails = await this.traderEmails(broker, rows);
    const approvers = await this.approverNames(rows);
    const mayDecide = mayAdminister({ ...bo.principal, brokers: brokersWith(bo.principal.grants, 'payments.decide') }, broker.brokerName);
    const base = `/back-office/brokers/${encodeURIComponent(broker.brokerName)}/payments`;
    const view = rows.map((p) => {
      const open = OPEN_STATES.includes(p.state) && p.provider === 'manual';
      const twoPeople = needsSecondApproval(broker.config.payments.fourEyes, p);
      const traderEmail = emails.get(p.userId) ?? null;
      let blocked: FourEyesRefusal | null = null;
      if (traderEmail !== null && traderEmail.trim().toLowerCase() === bo.principal.personEmail) blocked = 'REQUESTER';
      else if (twoPeople && p.firstApproverId !== null && p.firstApproverId === bo.principal.personId) blocked = 'SAME_PERSON';
      return {
        id: p.id,
        reference: reference(p),
        createdAt: p.createdAt,
        login: p.login,
        userId: p.userId,
        traderEmail,
        kind: p.kind,
        provider: p.provider,
        state: p.state,
        amount: formatMinor(p.amountMinor, p.moneyDigits),
        currency: p.currency,
        destination: p.destination,
        reason: p.reason,
        note: p.note,
        open,
        twoPeople,
        firstApprovedBy: p.firstApprovalActor ? (approvers.get(p.firstApprovalActor) ?? p.firstApprovalActor) : null,
        firstApprovedAt: p.firstApprovedAt,
        blocked,
        approveAction: this.pages.href(`${base}/${p.id}/approve`),
        rejectAction: this.pages.href(`${base}/${p.id}/reject`),
      };
    });
    return this.pages.render(
      reply,
      TEMPLATE,
      {
        rows: view,
        filters: { kind: filters.kind ?? '', state: filters.state ?? 'all' },
        kinds: PAYMENT_KINDS,
        states: PAYMENT_STATES,
        mayDecide,
        listAction: this.pages.href(base),
        csvHref: this.pages.href(`${base}/export.csv?${filterQuery(filters)}`),
      },
      'backOffice.payments.title',
    );
  }

  @Get('export.csv')
  @BackOfficePage('read', ModuleKey.InappActions)
  async csv(@BackOfficeBroker() broker: BrokerContext, @Query() q: Record<string, unknown>, @Res() reply: FastifyReply) {
    const filters = filtersOf(q);
    const rows = await this.query(broker, filters, 10_000);
    const emails = await this.traderEmails(broker, rows);
    const approvers = await this.approverNames(rows);
    const header = [
      'id',
      'reference',
      'createdAt',
      'broker',
      'userId',
      'traderEmail',
      'login',
      'kind',
      'provider',
      'state',
      'amount',
      'currency',
      'destination',
      'reason',
      'note',
      'firstApprovedBy',
      'externalId',
      'balanceHistoryId',
    ];
    const data = rows.map((p) => [
      p.id,
      reference(p),
      new Date(p.createdAt).toISOString(),
      p.brokerName,
      p.userId,
      emails.get(p.userId) ?? null,
      p.login,
      p.kind,
      p.provider,
      p.state,
      formatMinor(p.amountMinor, p.moneyDigits),
      p.currency,
      p.destination,
      p.reason,
      p.note,
      p.firstApprovalActor ? (approvers.get(p.firstApprovalActor) ?? p.firstApprovalActor) : null,
      p.externalId,
      p.balanceHistoryId,
    ]);
    return sendCsv(reply, `payments-${broker.brokerName}-${filters.kind ?? 'all'}-${filters.state ?? 'all'}.csv`, header, data);
  }

  @Post(':id/approve')
  @BackOfficePage('payments.decide', ModuleKey.InappActions)
  async approve(
    @BackOffice() bo: BackOfficeSession,
    @BackOfficeBroker() broker: BrokerContext,
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() req: BackOfficeRequest,
    @Res() reply: FastifyReply,
  ) {
    const payment = await this.find(broker, id);
    if (payment.provider !== 'manual') throw new ScreenException(409, 'backOffice.payments.hosted', { code: 'CONFLICT' });
    const outcome = await this.payments.approveAsStaff(
      broker,
      payment.id,
      { actor: bo.principal.actor, requestId: req.id, note: formField(body, 'note').trim().slice(0, 500) || null },
      { personId: bo.principal.personId, personEmail: bo.principal.personEmail },
    );
    if (!outcome.ok && outcome.refused) throw new ScreenException(403, `backOffice.payments.refused.${outcome.refused}`, { code: 'FOUR_EYES_REFUSED' });
    if (!outcome.ok) throw new ScreenException(409, 'backOffice.errors.conflict', { code: 'CONFLICT' });
    const first = 'awaitingSecondApproval' in outcome && outcome.awaitingSecondApproval === true;
    this.flash.set(req, reply, {
      tone: 'success',
      key: first ? 'backOffice.payments.firstApproved' : 'backOffice.payments.approved',
      params: { reference: reference(payment) },
    });
    throw new BackOfficeRedirect(this.back(broker, body));
  }

  @Post(':id/reject')
  @BackOfficePage('payments.decide', ModuleKey.InappActions)
  async reject(
    @BackOffice() bo: BackOfficeSession,
    @BackOfficeBroker() broker: BrokerContext,
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() req: BackOfficeRequest,
    @Res() reply: FastifyReply,
  ) {
    const payment = await this.find(broker, id);
    const reason = formField(body, 'reason').trim().slice(0, 500);
    if (!reason) throw new ScreenException(400, 'backOffice.errors.reasonRequired', { code: 'INVALID_REQUEST' });
    const outcome = await this.payments.reject(broker.brokerName, payment.id, 'ADMIN_REJECTED', { actor: bo.principal.actor, requestId: req.id, note: reason });
    if (!outcome.ok) throw new ScreenException(409, 'backOffice.errors.conflict', { code: 'CONFLICT' });
    this.flash.set(req, reply, { tone: 'success', key: 'backOffice.payments.rejected', params: { reference: reference(payment) } });
    throw new BackOfficeRedirect(this.back(broker, body));
  }

  private query(broker: BrokerContext, f: Filters, limit: number): Promise<PaymentRequest[]> {
    const qb = this.repository
      .createQueryBuilder('p')
      .where('p.brokerName = :broker', { broker: broker.brokerName })
      .orderBy('p.createdAt', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .take(limit);
    if (f.kind) qb.andWhere('p.kind = :kind', { kind: f.kind });
    if (f.state) qb.andWhere('p.state = :state', { state: f.state });
    return qb.getMany();
  }

  /** Another broker's id is "not found" here (the path's broker was checked by the guard). */
  private async find(broker: BrokerContext, id: string): Promise<PaymentRequest> {
    const payment = isUuid(id) ? await this.repository.findOneBy({ id: id.toLowerCase(), brokerName: broker.brokerName }) : null;
    if (!payment) throw new ScreenException(404, 'errors.notFound', { code: 'NOT_FOUND' });
    return payment;
  }

  private async traderEmails(broker: BrokerContext, rows: PaymentRequest[]): Promise<Map<number, string>> {
    const ids = [...new Set(rows.map((r) => r.userId))];
    if (!ids.length) return new Map();
    const users = await this.traders.find({ where: { brokerName: broker.brokerName, id: In(ids) }, select: { id: true, email: true } });
    return new Map(users.map((u) => [u.id, u.email]));
  }

  /** `staff:<id>` → the person's email (a key's actor stays as it is). */
  private async approverNames(rows: PaymentRequest[]): Promise<Map<string, string>> {
    const actors = [...new Set(rows.map((r) => r.firstApprovalActor).filter((a): a is string => !!a?.startsWith('staff:')))];
    const names = new Map<string, string>();
    for (const actor of actors) {
      const member = await this.staff.find(actor.slice('staff:'.length));
      if (member) names.set(actor, member.email);
    }
    return names;
  }

  /** Back to the queue with the filters the form came from. */
  private back(broker: BrokerContext, body: unknown): string {
    const filters = filtersOf({ kind: formField(body, 'kind') || undefined, state: formField(body, 'state') || undefined });
    return this.pages.href(`/back-office/brokers/${encodeURIComponent(broker.brokerName)}/payments?${filterQuery(filters)}`);
  }
}

/** The payments entries of the back-office navigation and dashboard, and the pages' strings. */
@Injectable()
export class PaymentPagesRegistration implements OnModuleInit {
  constructor(
    @InjectRepository(PaymentRequest) private readonly repository: Repository<PaymentRequest>,
    private readonly translator: ScreenTranslator,
    private readonly nav: BackOfficeNav,
    private readonly counters: BackOfficeCounters,
  ) {}

  onModuleInit(): void {
    this.translator.addTranslations(PAYMENT_PAGES_TRANSLATIONS);
    this.nav.add({
      id: 'payments',
      labelKey: 'backOffice.payments.nav',
      href: '/back-office/brokers/:brokerName/payments',
      module: ModuleKey.InappActions,
      order: 20,
    });
    const pending = (kind: PaymentKind) => (broker: BrokerContext) => this.repository.countBy({ brokerName: broker.brokerName, kind, state: 'pending' });
    this.counters.add({
      id: 'payments.deposits',
      labelKey: 'backOffice.payments.counters.deposits',
      href: '/back-office/brokers/:brokerName/payments?kind=deposit&state=pending',
      module: ModuleKey.InappActions,
      order: 10,
      count: pending('deposit'),
    });
    this.counters.add({
      id: 'payments.withdrawals',
      labelKey: 'backOffice.payments.counters.withdrawals',
      href: '/back-office/brokers/:brokerName/payments?kind=withdrawal&state=pending',
      module: ModuleKey.InappActions,
      order: 11,
      count: pending('withdrawal'),
    });
  }
}
