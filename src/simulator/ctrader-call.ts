import { FastifyInstance, FastifyRequest } from 'fastify';
import { CtraderError, CtraderErrorCode } from './ctrader-error';
import { QueryReader } from './field-reader';
import { looseAnswer } from './loose-answer';
import { rateLimitBody } from './rate-limit-answer';
import { redactBody, redactUrl } from './redaction';
import { SimulatorBrokerConfig } from './simulator-options';
import { SimulatorContext } from './simulator-context';
import { CallId } from './simulator-records';

export interface CallResult {
  status: number;
  /** undefined = an empty body (204, or 3.11's "no such user"). */
  body?: unknown;
  /** For the call log: the error code of a refusal, whatever shape its body has. */
  errorCode?: string;
}

export type RawCallHandler = (request: FastifyRequest) => CallResult | Promise<CallResult>;

/** A call made with a valid webservToken: the manager (= broker config) it belongs to, and the parsed input. */
export interface ManagerCallInput {
  manager: SimulatorBrokerConfig;
  body: unknown;
  query: QueryReader;
  params: Record<string, string | undefined>;
}

export interface CtraderRoute {
  call: CallId;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
}

/**
 * Registers one simulated cTrader call. The pipeline around the handler is what makes the simulator useful for
 * testing a gateway: every request is logged (secrets redacted), then injected faults decide whether the effect
 * happens at all and whether the caller ever hears back.
 */
export function registerCtraderCall(app: FastifyInstance, ctx: SimulatorContext, route: CtraderRoute, handler: RawCallHandler): void {
  app.route({
    method: route.method,
    url: route.url,
    handler: async (request, reply) => {
      const entry = ctx.state.recordCall({
        call: route.call,
        method: request.method,
        path: redactUrl(request.url),
        body: redactBody(request.body),
        status: null,
        at: ctx.state.isoNow(),
      });
      const decision = ctx.faults.take(route.call);
      const fault = decision.outcome;
      if (fault) entry.fault = fault.mode;
      await ctx.faults.delay(decision.latencyMs);

      if (fault?.mode === 'timeout') {
        // Never answer: the caller's own timeout is what is under test.
        reply.hijack();
        ctx.faults.hold(request.raw.socket);
        return;
      }

      let result: CallResult;
      if (fault?.mode === 'error') {
        result = errorResult(new CtraderError(fault.status, fault.errorCode, 'Injected fault (simulator)'));
      } else if (fault?.mode === 'rateLimit') {
        result = errorResult(rateLimited(ctx));
      } else {
        result = await runHandler(handler, request);
      }

      entry.settledAt = ctx.state.isoNow();
      if (fault?.mode === 'dropAfterEffect') {
        // The effect happened but the caller cannot know: the exactly-once case the broker has to survive.
        reply.hijack();
        request.raw.socket.destroy();
        return;
      }

      entry.status = result.status;
      if (result.status >= 400 && result.errorCode !== undefined) entry.errorCode = result.errorCode;
      reply.code(result.status);
      if (result.body === undefined) return reply.send();
      const loose = ctx.quirks.looseAnswers && result.status < 300;
      return reply.send(loose ? looseAnswer(result.body) : result.body);
    },
  });
}

/**
 * Wraps a handler that needs the manager behind `?token=` (every call except 3.1), applying CT's non-GET rate
 * limit to that manager before anything else can have an effect.
 */
export function asManagerCall(ctx: SimulatorContext, handler: (input: ManagerCallInput) => CallResult | Promise<CallResult>): RawCallHandler {
  return (request) => {
    const query = QueryReader.of(request.query);
    const token = query.optionalString('token');
    const login = token === undefined ? undefined : ctx.state.managerLoginForToken(token);
    const manager = login === undefined ? undefined : ctx.brokerByManagerLogin(login);
    if (!manager) {
      throw new CtraderError(401, CtraderErrorCode.InvalidWebservToken, 'Missing or invalid webserv token');
    }
    enforceRateLimit(ctx, request, manager.managerLogin);
    return handler({
      manager,
      body: request.body,
      query,
      params: (request.params ?? {}) as Record<string, string | undefined>,
    });
  };
}

export function enforceRateLimit(ctx: SimulatorContext, request: FastifyRequest, managerLogin: number): void {
  // GET calls are never limited at CT (contract §1.1).
  if (request.method !== 'GET' && !ctx.rateLimiter.tryAcquire(managerLogin)) {
    throw rateLimited(ctx);
  }
}

/** CT's refusal over its threshold, with the status and body shape the test chose (rate-limit-answer.ts). */
class RateLimitedError extends CtraderError {
  constructor(private readonly ctx: SimulatorContext) {
    super(ctx.rateLimitAnswer.status, CtraderErrorCode.RequestFrequencyExceeded, 'Too many requests, try again later');
  }

  override toBody(): unknown {
    return rateLimitBody(this.ctx.rateLimitAnswer.shape);
  }
}

function rateLimited(ctx: SimulatorContext): CtraderError {
  return new RateLimitedError(ctx);
}

async function runHandler(handler: RawCallHandler, request: FastifyRequest): Promise<CallResult> {
  try {
    return await handler(request);
  } catch (error: unknown) {
    if (error instanceof CtraderError) return errorResult(error);
    request.log.error({ err: error }, 'simulator handler failed');
    return errorResult(new CtraderError(500, CtraderErrorCode.InternalServerError, 'Internal simulator error'));
  }
}

function errorResult(error: CtraderError): CallResult {
  return { status: error.status, body: error.toBody(), errorCode: error.errorCode };
}

/** Guards every 3.x call that names a brokerCrmName: a manager only acts for its own CRM. */
export function checkBrokerCrmName(manager: SimulatorBrokerConfig, brokerCrmName: string): void {
  if (brokerCrmName !== manager.brokerCrmName) {
    throw new CtraderError(400, CtraderErrorCode.InvalidBrokerCrmName, `Unknown brokerCrmName for this manager`);
  }
}

/** Guards every call that names a brokerName: only the manager's own brokers (case-sensitive). */
export function checkBrokerName(manager: SimulatorBrokerConfig, brokerName: string, field = 'brokerName'): void {
  if (!manager.brokerNames.includes(brokerName)) {
    throw new CtraderError(400, CtraderErrorCode.InvalidBrokerName, `'${field}' is not a broker of this manager`);
  }
}
