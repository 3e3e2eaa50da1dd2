import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Body, Controller, Get, Logger, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../../../../config/app-config';
import { ModuleKey } from '../../../../config/module-key';
import { BrokerContext, CurrentBroker } from '../../../../kernel/broker-identification';
import { CtraderGateway } from '../../../../kernel/ctrader-gateway';
import { RateLimited } from '../../../../kernel/rate-limit';
import {
  InappEntryService,
  Screen,
  ScreenContext,
  ScreenException,
  ScreenRenderer,
  ScreenRoute,
  ScreenSession,
  ScreenTranslator,
} from '../../../../kernel/screens';
import { PAYMENTS_TRANSLATIONS } from '../i18n/payments-translations';
import { TradingAccount, UsersService } from '../../../../kernel/users';
import { formatMinor, parseAmountToMinor, rescaleMinor } from '../domain/money-amount';
import { PaymentRequest } from '../entities/payment-request.entity';
import { PaymentRequests } from '../services/payment-requests.service';
import { PaymentKind } from '../domain/payment-state';
import { reference } from '../providers/manual-payment.provider';
import { PaymentLinks } from '../providers/payment-provider';
import { PaymentProviders } from '../providers/payment-providers';

type Form = Record<string, unknown>;
const str = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '');
const FORM_KEY = /^[0-9a-f-]{36}$/;
/** Refresh header (no script needed, CSP allows it): a waiting status page updates itself. */
const STATUS_REFRESH_SECONDS = 4;

interface Funds {
  /** What cTrader reports for the account, in the account's minor units; null when cTrader could not be asked. */
  withdrawableMinor: number | null;
  /** The same minus this project's open withdrawals of the account. */
  availableMinor: number | null;
}

/**
 * Deposit and withdrawal screens (spec §2.2, flows §2.3 "In-app action"): the in-app token becomes a screen session
 * through the kernel's InappEntryService (single use, account ownership → 403), then post/redirect/get without the
 * token. A submitted form becomes a PaymentRequest (one per rendered form: hidden `formKey`), handed to its provider,
 * and the trader lands on the request's status page, which ends on the broker's success URL.
 */
@Controller('inapp')
@ScreenRoute(ModuleKey.InappActions)
export class PaymentScreensController {
  private readonly logger = new Logger('PaymentScreens');

  constructor(
    private readonly screens: ScreenRenderer,
    private readonly entry: InappEntryService,
    private readonly users: UsersService,
    private readonly payments: PaymentRequests,
    private readonly providers: PaymentProviders,
    private readonly gateway: CtraderGateway,
    private readonly config: AppConfig,
    translator: ScreenTranslator,
  ) {
    translator.addTranslations(PAYMENTS_TRANSLATIONS);
    const dir = join(__dirname, 'templates');
    screens.defineTemplate('@payments/form', readFileSync(join(dir, 'payment-form.eta'), 'utf8'));
    screens.defineTemplate('@payments/status', readFileSync(join(dir, 'payment-status.eta'), 'utf8'));
  }

  @Get('deposit')
  depositPage(@Screen() ctx: ScreenContext, @CurrentBroker() broker: BrokerContext, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.showForm('deposit', ctx, broker, req, reply);
  }

  @Post('deposit')
  @RateLimited(30)
  deposit(@Screen() ctx: ScreenContext, @CurrentBroker() broker: BrokerContext, @Body() body: Form, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.submit('deposit', ctx, broker, body, req, reply);
  }

  @Get('withdraw')
  withdrawPage(@Screen() ctx: ScreenContext, @CurrentBroker() broker: BrokerContext, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.showForm('withdrawal', ctx, broker, req, reply);
  }

  @Post('withdraw')
  @RateLimited(30)
  withdraw(@Screen() ctx: ScreenContext, @CurrentBroker() broker: BrokerContext, @Body() body: Form, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.submit('withdrawal', ctx, broker, body, req, reply);
  }

  /** One request's status: only its owner's in-app session sees it (anyone else: not found). */
  @Get('payments/:id')
  async status(
    @Screen() ctx: ScreenContext,
    @CurrentBroker() broker: BrokerContext,
    @Param('id') id: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { session } = await this.entry.enter(req, reply, broker, ctx);
    const found = await this.payments.find(broker.brokerName, id);
    if (!found || found.userId !== Number(session.userId)) throw new ScreenException(404, 'payments.errors.notFound');
    const payment = await this.payments.reconcile(found);
    return this.renderStatus(ctx, broker, payment, reply);
  }

  private async showForm(kind: PaymentKind, ctx: ScreenContext, broker: BrokerContext, req: FastifyRequest, reply: FastifyReply) {
    const { session, enteredWithToken } = await this.entry.enter(req, reply, broker, ctx);
    if (enteredWithToken) {
      // The token must not stay in the address bar, the history or a Referer: reload ourselves without it.
      return reply.redirect(ctx.self({ account: session.accountLogin }), 303);
    }
    const account = await this.accountOf(broker, session);
    const funds = kind === 'withdrawal' ? await this.funds(broker, account) : null;
    return this.renderForm(kind, ctx, broker, account, reply, { values: {}, errors: {}, funds });
  }

  private async submit(kind: PaymentKind, ctx: ScreenContext, broker: BrokerContext, body: Form, req: FastifyRequest, reply: FastifyReply) {
    const { session } = await this.entry.enter(req, reply, broker, ctx);
    const account = await this.accountOf(broker, session);
    const limits = kind === 'deposit' ? broker.config.payments.deposit : broker.config.payments.withdrawal;
    const values = { amount: str(body?.amount, 20), method: str(body?.method, 16), destination: str(body?.destination, 200) };
    const formKey = str(body?.formKey, 36);
    const errors: Record<string, string> = {};
    const offered = this.providers.offered(broker, kind);
    const provider = offered.find((p) => p.key === values.method);
    const amountMinor = parseAmountToMinor(values.amount, account.moneyDigits);
    if (!FORM_KEY.test(formKey)) throw new ScreenException(400, 'errors.formExpired', { retry: ctx.self({ account: account.login }) });
    if (amountMinor === null) errors.amount = ctx.t('errors.amountInvalid');
    else if (amountMinor < limits.minMinor || amountMinor > limits.maxMinor) errors.amount = this.rangeText(ctx, account, limits);
    if (!provider) errors.method = ctx.t('errors.invalidChoice');
    if (kind === 'withdrawal' && !values.destination) errors.destination = ctx.t('payments.errors.destinationRequired');
    if (kind === 'withdrawal' && /[\r\n]/.test(values.destination)) errors.destination = ctx.t('errors.invalidChoice');
    const funds = kind === 'withdrawal' && amountMinor !== null && !errors.amount ? await this.funds(broker, account) : null;
    if (Object.keys(errors).length || !provider || amountMinor === null) {
      return this.renderForm(kind, ctx, broker, account, reply, { values, errors, funds, status: 422 });
    }
    const outcome = await this.payments.create(broker, {
      userId: Number(session.userId),
      login: account.login!,
      kind,
      provider: provider.key,
      amountMinor,
      currency: account.currency,
      moneyDigits: account.moneyDigits,
      formKey,
      destination: kind === 'withdrawal' ? values.destination : null,
      withdrawableMinor: funds?.withdrawableMinor ?? null,
    });
    if (!outcome.ok) {
      const available = { withdrawableMinor: funds?.withdrawableMinor ?? null, availableMinor: outcome.availableMinor };
      return this.renderForm(kind, ctx, broker, account, reply, {
        values,
        errors: { amount: ctx.t('withdraw.notEnoughMoney') },
        funds: available,
        status: 422,
      });
    }
    const payment = await this.payments.markPending(outcome.payment);
    const next = this.providers.get(payment.provider).start(broker, payment, this.links(ctx, broker, req, payment));
    // A double submit lands here with the first request: same next step, nothing created twice.
    if (next.type === 'redirect' && (payment.state === 'pending' || payment.state === 'created')) {
      reply.header('referrer-policy', 'no-referrer');
      return reply.redirect(next.url, 303);
    }
    return reply.redirect(ctx.carry(`/inapp/payments/${payment.id}`, { eventName: ctx.eventNameFor(`${kind}Status`) }), 303);
  }

  private async accountOf(broker: BrokerContext, session: ScreenSession): Promise<TradingAccount> {
    if (session.accountLogin === null || session.accountLogin === undefined) throw new ScreenException(400, 'payments.errors.accountRequired');
    const account = await this.users.accountsOf(broker.brokerName).findOneBy({ userId: Number(session.userId), login: Number(session.accountLogin) });
    // InappEntryService checked ownership when the session began; the row can only be gone if an admin removed it.
    if (!account || account.login === null) throw new ScreenException(403, 'errors.accountNotYours');
    if (!broker.config.payments.currencies.includes(account.currency)) throw new ScreenException(422, 'payments.errors.currencyNotSupported');
    return account;
  }

  /**
   * Free funds "where possible" (spec §2.2): cTrader's balance of the account (capped by its free margin when
   * reported), minus this project's withdrawals of the account that still hold money. cTrader unreachable → the
   * request is still accepted; 3.5 WITHDRAW at approval refuses it with NOT_ENOUGH_MONEY if the money is gone.
   */
  private async funds(broker: BrokerContext, account: TradingAccount): Promise<Funds> {
    let withdrawableMinor: number | null = null;
    try {
      const trader = await this.gateway.getTrader(broker, account.login!);
      const digits = Number.isSafeInteger(trader.moneyDigits) ? trader.moneyDigits : account.moneyDigits;
      let free = trader.balance;
      if (typeof trader.freeMargin === 'number' && Number.isSafeInteger(trader.freeMargin)) free = Math.min(free, trader.freeMargin);
      withdrawableMinor = Math.max(0, rescaleMinor(free, digits, account.moneyDigits));
    } catch (error: unknown) {
      this.logger.warn({ login: account.login, err: error instanceof Error ? error.message : String(error) }, 'free funds unknown: cTrader trader read failed');
      return { withdrawableMinor: null, availableMinor: null };
    }
    const held = await this.payments.openWithdrawalsMinor(undefined, broker.brokerName, account.login!);
    return { withdrawableMinor, availableMinor: Math.max(0, withdrawableMinor - held) };
  }

  private renderForm(
    kind: PaymentKind,
    ctx: ScreenContext,
    broker: BrokerContext,
    account: TradingAccount,
    reply: FastifyReply,
    state: { values: Record<string, string>; errors: Record<string, string>; funds: Funds | null; status?: number },
  ) {
    const offered = this.providers.offered(broker, kind);
    if (!offered.length) throw new ScreenException(404, 'payments.errors.noMethod');
    const limits = kind === 'deposit' ? broker.config.payments.deposit : broker.config.payments.withdrawal;
    const hosted = broker.config.payments.hosted;
    const available = state.funds?.availableMinor;
    return this.screens.render(
      reply,
      '@payments/form',
      {
        kind,
        account: account.login,
        currency: account.currency,
        methods: offered.map((p) => ({ value: p.key, label: ctx.t(kind === 'withdrawal' ? 'payments.method.manualWithdrawal' : `payments.method.${p.key}`) })),
        values: state.values,
        errors: state.errors,
        formKey: randomUUID(),
        limitsText: ctx.t('deposit.limits', { min: this.money(account, limits.minMinor), max: this.money(account, limits.maxMinor) }),
        availableText: available === null || available === undefined ? undefined : ctx.t('withdraw.available', { amount: this.money(account, available) }),
      },
      ctx,
      {
        status: state.status ?? 200,
        closable: true,
        // Chrome applies form-action to the redirect that follows a POST: the hosted page's origin must be allowed.
        csp: kind === 'deposit' && hosted && offered.some((p) => p.key === 'hosted') ? { formAction: [hosted.paymentPageUrl] } : undefined,
      },
    );
  }

  private renderStatus(ctx: ScreenContext, broker: BrokerContext, p: PaymentRequest, reply: FastifyReply) {
    const deposit = p.kind === 'deposit';
    const amount = `${formatMinor(p.amountMinor, p.moneyDigits)} ${p.currency}`;
    const k = deposit ? 'deposit' : 'withdraw';
    let tone: 'success' | 'info' | 'error' = 'info';
    let message: string;
    switch (p.state) {
      case 'completed':
        tone = 'success';
        message = ctx.t(`${k}.completed`, { amount });
        break;
      case 'rejected':
        tone = 'error';
        message = p.reason === 'NOT_ENOUGH_MONEY' ? ctx.t('payments.withdrawalNotEnoughMoney') : ctx.t(`${k}.rejected`);
        break;
      case 'failed':
      case 'reconciliation':
        // Reconciliation: the balance change may or may not have happened; staff confirm it. The trader waits either way.
        message = ctx.t('payments.failed');
        break;
      case 'approved':
        message = ctx.t('payments.processing');
        break;
      default:
        message = p.provider === 'hosted' ? ctx.t('payments.awaitingPayment') : ctx.t(`${k}.pending`);
    }
    const waiting = p.state === 'created' || p.state === 'pending' || p.state === 'approved';
    const instructions = waiting ? (this.providers.get(p.provider).instructions(broker, p, ctx.lang) ?? '').split(/\r?\n/).filter((l) => l.trim()) : [];
    const details = [
      { id: 'payment-amount', label: ctx.t('payments.details.amount'), value: amount },
      { id: 'payment-reference', label: ctx.t('payments.details.reference'), value: reference(p) },
      { id: 'payment-state', label: ctx.t('payments.details.status'), value: ctx.t(`payments.state.${p.state}`) },
      ...(p.destination ? [{ id: 'payment-destination', label: ctx.t('payments.details.destination'), value: p.destination }] : []),
      ...(p.balanceHistoryId !== null ? [{ id: 'payment-transaction', label: ctx.t('payments.details.transaction'), value: String(p.balanceHistoryId) }] : []),
    ];
    const done = this.screens.closeHref(ctx) ?? ctx.carry('/callback/success');
    const actions = [
      ...(waiting ? [{ id: 'check-status', href: ctx.self(), label: ctx.t('payments.checkStatus'), secondary: true }] : []),
      { id: 'payment-done', href: done, label: ctx.t('payments.done'), secondary: waiting },
    ];
    if (waiting) reply.header('refresh', String(STATUS_REFRESH_SECONDS));
    return this.screens.render(reply, '@payments/status', { kind: p.kind, tone, title: ctx.t(`${k}.title`), message, instructions, details, actions }, ctx, {
      closable: true,
    });
  }

  private links(ctx: ScreenContext, broker: BrokerContext, req: FastifyRequest, payment: PaymentRequest): PaymentLinks {
    const origin = this.origin(req);
    const callback = new URLSearchParams({ brokerName: broker.brokerName, brokerCrmName: broker.brokerCrmName });
    return {
      statusUrl: `${origin}${ctx.carry(`/inapp/payments/${payment.id}`)}`,
      callbackUrl: `${origin}${this.config.server.basePath}/inapp/payments/hosted/callback?${callback.toString()}`,
    };
  }

  /**
   * Absolute URLs handed to a provider: the configured public base URL in production; outside it, the origin the
   * trader's browser used (development and tests listen on ports the config does not know).
   */
  private origin(req: FastifyRequest): string {
    if (this.config.server.production && this.config.server.baseUrl) return new URL(this.config.server.baseUrl).origin;
    return `${req.protocol}://${req.host}`;
  }

  private money(account: TradingAccount, minor: number): string {
    return `${formatMinor(minor, account.moneyDigits)} ${account.currency}`;
  }

  private rangeText(ctx: ScreenContext, account: TradingAccount, limits: { minMinor: number; maxMinor: number }): string {
    return ctx.t('errors.amountOutOfRange', { min: this.money(account, limits.minMinor), max: this.money(account, limits.maxMinor) });
  }
}
