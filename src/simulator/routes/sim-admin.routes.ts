import { FastifyInstance } from 'fastify';
import { describeInvalidRateLimitAnswer, RateLimitShape } from '../rate-limit-answer';
import { CtraderError, CtraderErrorCode } from '../ctrader-error';
import { describeInvalidRule, FaultRule } from '../fault-injector';
import { FieldReader, isJsonObject, parseIntegerText, QueryReader } from '../field-reader';
import { mintLightIdentityToken } from '../light-identity-tokens';
import { SimulatorContext } from '../simulator-context';
import { CALL_IDS, CallId } from '../simulator-records';

/**
 * Test and demo controls under /__sim: read-back of everything CT would know, fault rules, resets, and minting
 * Light identity tokens. No auth: the simulator is a test double and must never face the internet.
 */
export function registerSimAdminRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  const { state, faults } = ctx;
  const notFound = (what: string) => new CtraderError(404, CtraderErrorCode.NotFound, `${what} not found`);

  app.get('/__sim/users', async () => ({ users: state.listUsers() }));
  app.get<{ Params: { userId: string } }>('/__sim/users/:userId', async (request) => {
    const user = state.getUser(parseIntegerText(request.params.userId, 'userId'));
    if (!user) throw notFound('User');
    return user;
  });

  app.get('/__sim/traders', async () => ({ traders: state.listTraders() }));
  app.get<{ Params: { login: string } }>('/__sim/traders/:login', async (request) => {
    const trader = state.getTrader(parseIntegerText(request.params.login, 'login'));
    if (!trader) throw notFound('Trader');
    return trader;
  });
  app.get<{ Params: { login: string } }>('/__sim/traders/:login/balance-history', async (request) => {
    const history = state.balanceHistory(parseIntegerText(request.params.login, 'login'));
    if (!history) throw notFound('Trader');
    return { balanceHistory: history };
  });

  app.get('/__sim/accounts', async () => ({ accounts: state.listAccounts() }));
  app.get('/__sim/referrals', async () => ({ referrals: state.listReferrals() }));
  app.get('/__sim/in-app-controls', async () => ({ inAppControls: state.listInAppControls() }));
  app.get<{ Params: { userId: string } }>('/__sim/in-app-controls/:userId', async (request) => {
    const userId = parseIntegerText(request.params.userId, 'userId');
    const found = state.listInAppControls().find((controls) => controls.userId === userId);
    if (!found) throw notFound('In-app controls');
    return found;
  });
  app.get('/__sim/web-sessions', async () => ({ webSessions: state.listWebSessions() }));

  app.get('/__sim/calls', async (request) => {
    const call = QueryReader.of(request.query).optionalString('call');
    if (call !== undefined && !(CALL_IDS as readonly string[]).includes(call)) {
      throw CtraderError.invalidRequest(`query parameter 'call' must be one of ${CALL_IDS.join(', ')}`);
    }
    return { calls: state.calls({ call: call as CallId | undefined }) };
  });

  app.post('/__sim/reset', async () => {
    ctx.reset();
    return {};
  });

  app.get('/__sim/faults', async () => ({ faults: faults.list() }));
  app.post('/__sim/faults', async (request, reply) => {
    // One rule, or an array of rules added together (all or none).
    const rules: unknown[] = Array.isArray(request.body) ? request.body : [request.body];
    for (const rule of rules) {
      const problem = describeInvalidRule(rule);
      if (problem) throw CtraderError.invalidRequest(problem);
    }
    const ids = rules.map((rule) => faults.add(rule as FaultRule));
    return reply.code(201).send(Array.isArray(request.body) ? { ids } : { id: ids[0] });
  });
  app.delete('/__sim/faults', async (_request, reply) => {
    faults.clear();
    return reply.code(204).send();
  });
  app.delete<{ Params: { id: string } }>('/__sim/faults/:id', async (request, reply) => {
    if (!faults.remove(parseIntegerText(request.params.id, 'id'))) throw notFound('Fault rule');
    return reply.code(204).send();
  });

  app.post('/__sim/li-tokens', async (request, reply) => {
    const body = FieldReader.of(request.body);
    const minted = mintLightIdentityToken(ctx, {
      brokerCrmName: body.string('brokerCrmName'),
      userId: body.optionalInt('userId', 1),
      email: body.optionalString('email'),
      tradingLogin: body.optionalInt('tradingLogin') ?? null,
      ttlMs: body.optionalInt('ttlMs', 0),
      format: body.has('format') ? body.enumOf('format', ['base64url', 'jwt'] as const) : undefined,
    });
    return reply.code(201).send(minted);
  });

  app.post('/__sim/manager-tokens/revoke', async (request) => {
    const body = isJsonObject(request.body) ? FieldReader.of(request.body) : undefined;
    return { revoked: state.revokeManagerTokens(body?.optionalInt('managerLogin')) };
  });

  app.get('/__sim/quirks', async () => ({ ...ctx.quirks }));
  app.put('/__sim/quirks', async (request) => {
    const body = FieldReader.of(request.body);
    if (body.has('traderWithoutBrokerName')) ctx.quirks.traderWithoutBrokerName = body.boolean('traderWithoutBrokerName');
    if (body.has('balanceHistoryRead')) ctx.quirks.balanceHistoryRead = body.boolean('balanceHistoryRead');
    if (body.has('looseAnswers')) ctx.quirks.looseAnswers = body.boolean('looseAnswers');
    body.rejectUnknown();
    return { ...ctx.quirks };
  });

  const rateLimitView = () => ({ ...ctx.rateLimiter.current(), answerStatus: ctx.rateLimitAnswer.status, answerShape: ctx.rateLimitAnswer.shape });
  app.get('/__sim/money-digits', async () => ctx.moneyDigits.view());
  app.put('/__sim/money-digits', async (request) => {
    const body = FieldReader.of(request.body);
    const currency = body.string('depositCurrency');
    const digits = body.int('moneyDigits', 0);
    body.rejectUnknown();
    try {
      ctx.moneyDigits.set(currency, digits);
    } catch (error: unknown) {
      throw CtraderError.invalidRequest((error as Error).message);
    }
    return ctx.moneyDigits.view();
  });
  app.get('/__sim/rate-limit', async () => rateLimitView());
  // `answerStatus` / `answerShape` (optional): how the refusal is worded, see rate-limit-answer.ts.
  app.put('/__sim/rate-limit', async (request) => {
    const body = FieldReader.of(request.body);
    const limit = { nonGetPerWindow: body.int('nonGetPerWindow', 0), windowMs: body.int('windowMs', 1) };
    const answer = { status: body.optionalInt('answerStatus'), shape: body.optionalString('answerShape') as RateLimitShape | undefined };
    const problem = describeInvalidRateLimitAnswer(answer);
    if (problem) throw CtraderError.invalidRequest(problem);
    ctx.rateLimiter.configure(limit);
    if (answer.status !== undefined) ctx.rateLimitAnswer.status = answer.status;
    if (answer.shape !== undefined) ctx.rateLimitAnswer.shape = answer.shape;
    return rateLimitView();
  });
}
