import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppCallResult } from '../app/ctrader-app-client';
import { CtraderWebPageView, renderCtraderWebPage } from '../app/ctrader-web-page';
import { CtraderErrorCode } from '../ctrader-error';
import { isJsonObject } from '../field-reader';
import { SimulatorContext } from '../simulator-context';

/** Only well-formed codes are shown: a broker echoing something odd (worse, the token) must not reach the page. */
const ERROR_CODE_FORMAT = /^[A-Z][A-Z0-9_]{0,63}$/;

/** GET /ctrader-web (and /__sim/ctrader-web): Embedded cTrader Web's landing, exchanging `token` through 4.2. */
export function registerCtraderWebRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const query = isJsonObject(request.query) ? request.query : {};
    const token = firstString(query.token);
    const base = {
      account: firstString(query.account),
      lang: firstString(query.lang),
      theme: firstString(query.theme),
    };
    const outcome = await exchange(ctx, token);
    const view: CtraderWebPageView = { ...base, status: outcome.status, userId: outcome.userId, errorCode: outcome.errorCode };
    ctx.state.recordWebSession({ ...base, ...outcome });
    return (
      reply
        .code(200)
        .header('content-type', 'text/html; charset=utf-8')
        // The token sits in this page's URL: keep it out of caches and out of Referer headers.
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .send(renderCtraderWebPage(view))
    );
  };
  app.get('/ctrader-web', handler);
  app.get('/__sim/ctrader-web', handler);
}

type ExchangeOutcome = Pick<CtraderWebPageView, 'status' | 'userId' | 'errorCode'> & {
  hasAccessToken: boolean;
  hasInappToken: boolean;
};

async function exchange(ctx: SimulatorContext, token: string | null): Promise<ExchangeOutcome> {
  const failed = (errorCode: string): ExchangeOutcome => ({
    status: 'error',
    userId: null,
    errorCode,
    hasAccessToken: false,
    hasInappToken: false,
  });
  const client = ctx.appClient;
  if (!client) return failed(CtraderErrorCode.BrokerServerNotConfigured);
  if (!token) return failed('TOKEN_MISSING');
  let result: AppCallResult;
  try {
    result = await client.exchange(token);
  } catch {
    return failed(CtraderErrorCode.BrokerServerUnreachable);
  }
  const body = isJsonObject(result.body) ? result.body : {};
  const userId = typeof body.userId === 'number' || typeof body.userId === 'string' ? Number(body.userId) : NaN;
  if (result.status !== 200 || !Number.isSafeInteger(userId)) {
    const code = typeof body.code === 'string' && ERROR_CODE_FORMAT.test(body.code) ? body.code : `HTTP_${result.status}`;
    return failed(code);
  }
  return {
    status: 'authorised',
    userId,
    errorCode: null,
    hasAccessToken: typeof body.accessToken === 'string',
    hasInappToken: typeof body.inappToken === 'string',
  };
}

function firstString(value: unknown): string | null {
  const first = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof first === 'string' && first !== '' ? first : null;
}
