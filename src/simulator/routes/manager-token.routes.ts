import { FastifyInstance } from 'fastify';
import { enforceRateLimit, registerCtraderCall } from '../ctrader-call';
import { CtraderError, CtraderErrorCode } from '../ctrader-error';
import { md5Hex, sameMd5 } from '../ctrader-formats';
import { FieldReader } from '../field-reader';
import { SimulatorContext } from '../simulator-context';

/** 3.1: the only call without `?token=`; it issues the webservToken every other call carries. */
export function registerManagerTokenRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  registerCtraderCall(app, ctx, { call: '3.1', method: 'POST', url: '/v2/webserv/managers/token' }, (request) => {
    const body = FieldReader.of(request.body);
    const login = body.int('login');
    const hashedPassword = body.string('hashedPassword');
    body.rejectUnknown();
    const manager = ctx.brokerByManagerLogin(login);
    // The limit is per manager login, so a storm of 3.1 calls for one manager is limited too.
    if (manager) enforceRateLimit(ctx, request, login);
    if (!manager || !sameMd5(hashedPassword, md5Hex(manager.managerPassword))) {
      throw new CtraderError(403, CtraderErrorCode.InvalidCredentials, 'Invalid manager login or password');
    }
    // A new token per call; earlier ones keep working (CT's tokens never expire).
    return { status: 200, body: { webservToken: ctx.state.issueManagerToken(login) } };
  });
}
