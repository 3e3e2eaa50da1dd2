import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AdminBrokerRoute, AdminPrincipal, CurrentAdmin, CurrentAdminBroker } from '../../../../kernel/admin-access';
import { ModuleKey } from '../../../../config/module-key';
import { ChangeBalanceJobs, CtraderError, CtraderGateway } from '../../../../kernel/ctrader-gateway';
import { ContractException, ErrorBody, ErrorCode } from '../../../../kernel/errors';
import { formatMinor } from '../domain/money-amount';
import { PaymentRequest } from '../entities/payment-request.entity';
import { isUuid } from '../../../../lib/ids/uuid';
import { PaymentRequests } from '../services/payment-requests.service';
import type { FourEyesRefusal } from '../domain/four-eyes';
import { BrokerContext } from '../../../../kernel/broker-identification';
import { reference } from '../providers/manual-payment.provider';
import {
  AdminPaymentDecisionDto,
  AdminPaymentDto,
  AdminPaymentQueryDto,
  AdminReconcileDto,
  AdminReconciliationDto,
  AdminTraderBalanceDto,
} from './admin-payment.dto';
import { ApiErrorExample, ApiTag } from '../../../../kernel/openapi';

/**
 * Payments in the admin console (issues #6, #22): list and filter, approve a manual request (writes the 3.5 job),
 * reject a request that has not been approved, see cTrader's balanceHistoryId, and reconcile a request whose balance
 * change has an unknown outcome. Every write is audited in its transaction.
 */
@ApiTags(ApiTag.InappActions)
@Controller('admin/brokers/:brokerName/payments')
export class AdminPaymentsController {
  constructor(
    @InjectRepository(PaymentRequest) private readonly repository: Repository<PaymentRequest>,
    private readonly payments: PaymentRequests,
    private readonly changeBalance: ChangeBalanceJobs,
    private readonly gateway: CtraderGateway,
  ) {}

  @Get()
  @AdminBrokerRoute('read', ModuleKey.InappActions)
  @ApiOperation({ summary: "The broker's payment requests, newest first; filter by state, kind, provider, login, user" })
  @ApiOkResponse({ type: [AdminPaymentDto] })
  async list(@CurrentAdminBroker() broker: BrokerContext, @Query() q: AdminPaymentQueryDto): Promise<AdminPaymentDto[]> {
    const qb = this.repository
      .createQueryBuilder('p')
      .orderBy('p.createdAt', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .take(q.limit ?? 50)
      .where('p.brokerName = :brokerName', { brokerName: broker.brokerName });
    if (q.state) qb.andWhere('p.state = :state', { state: q.state });
    if (q.kind) qb.andWhere('p.kind = :kind', { kind: q.kind });
    if (q.provider) qb.andWhere('p.provider = :provider', { provider: q.provider });
    if (q.login !== undefined) qb.andWhere('p.login = :login', { login: q.login });
    if (q.userId !== undefined) qb.andWhere('p.userId = :userId', { userId: q.userId });
    if (q.createdBefore !== undefined) qb.andWhere('p.createdAt < :before', { before: q.createdBefore });
    return (await qb.getMany()).map(toDto);
  }

  @Get(':id')
  @AdminBrokerRoute('read', ModuleKey.InappActions)
  @ApiOperation({ summary: 'One payment request (brings it up to date with its job first)' })
  @ApiOkResponse({ type: AdminPaymentDto })
  @ApiResponse({ status: 404, type: ErrorBody, description: 'NOT_FOUND (also for a request of another broker)' })
  async get(@CurrentAdminBroker() broker: BrokerContext, @Param('id') id: string): Promise<AdminPaymentDto> {
    return toDto(await this.payments.reconcile(await this.visible(broker, id)));
  }

  @Post(':id/approve')
  @HttpCode(200)
  @AdminBrokerRoute('payments.decide', ModuleKey.InappActions)
  @ApiOperation({
    summary:
      "Approve a pending manual request: the 3.5 balance change is queued (exactly once) in the same transaction. Above the broker's four-eyes threshold the first approval is recorded (firstApprovedBy) and a second person's approval queues it",
  })
  @ApiOkResponse({ type: AdminPaymentDto })
  @ApiResponse({ status: 409, type: ErrorBody, description: 'CONFLICT: not pending, or a hosted request (those are confirmed by the provider)' })
  @ApiResponse({
    status: 403,
    type: ErrorBody,
    description:
      'FOUR_EYES_REFUSED: above the four-eyes threshold, you gave the first approval already, or you are a machine key; or you are the trader who asked',
  })
  async approve(
    @CurrentAdmin() admin: AdminPrincipal,
    @CurrentAdminBroker() broker: BrokerContext,
    @Param('id') id: string,
    @Body() body: AdminPaymentDecisionDto,
    @Req() req: { id: string },
  ): Promise<AdminPaymentDto> {
    const payment = await this.visible(broker, id);
    if (payment.provider !== 'manual')
      throw new ContractException(ErrorCode.Conflict, 'Hosted payments are confirmed by the provider callback, not by an admin');
    const outcome = await this.payments.approveAsStaff(
      broker,
      payment.id,
      { actor: admin.actor, requestId: req.id, note: body?.note ?? null },
      { personId: admin.personId, personEmail: admin.personEmail },
    );
    if (!outcome.ok && outcome.refused) throw new ContractException(ErrorCode.FourEyesRefused, FOUR_EYES_MESSAGES[outcome.refused]);
    if (!outcome.ok) throw new ContractException(ErrorCode.Conflict, `Payment is ${outcome.payment?.state ?? 'gone'}; only a pending request can be approved`);
    return toDto(outcome.payment);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @AdminBrokerRoute('payments.decide', ModuleKey.InappActions)
  @ApiOperation({ summary: 'Reject a request that is not approved yet (nothing was sent to cTrader)' })
  @ApiOkResponse({ type: AdminPaymentDto })
  @ApiResponse({ status: 409, type: ErrorBody, description: 'CONFLICT: already approved, completed, rejected or failed' })
  async reject(
    @CurrentAdmin() admin: AdminPrincipal,
    @CurrentAdminBroker() broker: BrokerContext,
    @Param('id') id: string,
    @Body() body: AdminPaymentDecisionDto,
    @Req() req: { id: string },
  ): Promise<AdminPaymentDto> {
    const payment = await this.visible(broker, id);
    const outcome = await this.payments.reject(payment.brokerName, payment.id, 'ADMIN_REJECTED', {
      actor: admin.actor,
      requestId: req.id,
      note: body?.note ?? null,
    });
    if (!outcome.ok) throw new ContractException(ErrorCode.Conflict, `Payment is ${outcome.payment?.state ?? 'gone'}; only a pending request can be rejected`);
    return toDto(outcome.payment);
  }

  @Get(':id/reconciliation')
  @AdminBrokerRoute('read', ModuleKey.InappActions)
  @ApiOperation({
    summary:
      "What staff need to reconcile a request whose balance change has an unknown outcome: the attempt's details and the trader's balance read from cTrader now",
  })
  @ApiOkResponse({ type: AdminReconciliationDto })
  @ApiResponse({ status: 404, type: ErrorBody, description: 'NOT_FOUND' })
  async reconciliation(@CurrentAdminBroker() broker: BrokerContext, @Param('id') id: string): Promise<AdminReconciliationDto> {
    const payment = await this.payments.reconcile(await this.visible(broker, id));
    const attempt = await this.changeBalance.attemptOf(payment.brokerName, payment.externalId);
    let trader: AdminTraderBalanceDto | null = null;
    let traderError: string | null = null;
    try {
      const t = await this.gateway.getTrader(payment.brokerName, payment.login);
      const balance = Number(t.balance);
      trader = {
        balance,
        balanceText: formatMinor(balance, t.moneyDigits),
        moneyDigits: t.moneyDigits,
        nonWithdrawableBonus: typeof t.nonWithdrawableBonus === 'number' ? t.nonWithdrawableBonus : null,
      };
    } catch (error: unknown) {
      traderError = error instanceof CtraderError ? error.errorCode : 'UNAVAILABLE';
    }
    return {
      payment: toDto(payment),
      attempt: attempt && {
        state: attempt.state,
        sends: attempt.sends,
        lastSentAt: attempt.lastSentAt === null ? null : iso(attempt.lastSentAt),
        lastErrorCode: attempt.lastErrorCode,
        lastErrorStatus: attempt.lastErrorStatus,
        confirmedBy: attempt.confirmedBy,
        resolvedBy: attempt.resolvedBy,
        resolvedAt: attempt.resolvedAt === null ? null : iso(attempt.resolvedAt),
      },
      trader,
      traderError,
    };
  }

  @Post(':id/reconcile')
  @HttpCode(200)
  // A request reaches reconciliation only when a 3.5 outcome is unknown; on any other request the example is refused.
  @ApiErrorExample(AdminReconcileDto, 409, 'CONFLICT', 'On a request that is not in reconciliation (e.g. pending)', {
    resolution: 'credited',
    balanceHistoryId: 918273,
    note: 'Balance history checked in cTrader: credited once',
  })
  @AdminBrokerRoute('payments.decide', ModuleKey.InappActions)
  @ApiOperation({
    summary:
      'Resolve a request in reconciliation: credited (completed; nothing is sent) or notCredited (one new 3.5 attempt). Check the trader at cTrader first (GET …/reconciliation)',
  })
  @ApiOkResponse({ type: AdminPaymentDto })
  @ApiResponse({ status: 409, type: ErrorBody, description: 'CONFLICT: the request is not in reconciliation' })
  async reconcileOne(
    @CurrentAdmin() admin: AdminPrincipal,
    @CurrentAdminBroker() broker: BrokerContext,
    @Param('id') id: string,
    @Body() body: AdminReconcileDto,
    @Req() req: { id: string },
  ): Promise<AdminPaymentDto> {
    const payment = await this.payments.reconcile(await this.visible(broker, id));
    if (body.resolution !== 'credited' && body.balanceHistoryId !== undefined) {
      throw new ContractException(ErrorCode.InvalidRequest, 'balanceHistoryId goes only with resolution credited');
    }
    const outcome = await this.payments.resolveReconciliation(
      payment.brokerName,
      payment.id,
      { credited: body.resolution === 'credited', balanceHistoryId: body.balanceHistoryId ?? null },
      { actor: admin.actor, requestId: req.id, note: body.note },
    );
    if (!outcome.ok)
      throw new ContractException(
        ErrorCode.Conflict,
        `Payment is ${outcome.payment?.state ?? payment.state}; only a request in reconciliation can be resolved`,
      );
    return toDto(outcome.payment);
  }

  /** A request of another broker does not exist under this broker's path (no probing of other brokers' ids). */
  private async visible(broker: BrokerContext, id: string): Promise<PaymentRequest> {
    const payment = isUuid(id) ? await this.repository.findOneBy({ id: id.toLowerCase(), brokerName: broker.brokerName }) : null;
    if (!payment) throw new ContractException(ErrorCode.NotFound, 'No such payment');
    return payment;
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

const FOUR_EYES_MESSAGES: Record<FourEyesRefusal, string> = {
  NOT_A_PERSON: 'This payment needs two people; a machine key cannot be one of them',
  SAME_PERSON: 'You gave the first approval; a different person must give the second',
  REQUESTER: 'You cannot approve a payment you asked for',
};

function toDto(p: PaymentRequest): AdminPaymentDto {
  return {
    id: p.id,
    brokerName: p.brokerName,
    userId: p.userId,
    login: p.login,
    kind: p.kind,
    provider: p.provider,
    state: p.state,
    amountMinor: p.amountMinor,
    amount: formatMinor(p.amountMinor, p.moneyDigits),
    currency: p.currency,
    moneyDigits: p.moneyDigits,
    reference: reference(p),
    destination: p.destination,
    externalId: p.externalId,
    jobId: p.jobId,
    balanceHistoryId: p.balanceHistoryId,
    reason: p.reason,
    note: p.note,
    firstApprovedBy: p.firstApprovalActor,
    firstApprovedAt: p.firstApprovedAt === null ? null : iso(p.firstApprovedAt),
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
  };
}
