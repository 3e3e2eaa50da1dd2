import { FastifyInstance } from 'fastify';
import { AppCallResult, CtraderAppClient } from '../app/ctrader-app-client';
import { CtraderError, CtraderErrorCode } from '../ctrader-error';
import { FieldReader, isJsonObject } from '../field-reader';
import { SimulatorContext } from '../simulator-context';

/**
 * /__sim/app/*: drive the simulated cTrader app (4.1-4.5 against the configured broker server) over HTTP, for
 * browser tests and manual demos. Each answers `{ status, body }` exactly as the broker server answered.
 */
export function registerSimAppRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  app.put('/__sim/app/broker-server', async (request) => {
    const body = FieldReader.of(request.body);
    const client = ctx.configureBrokerServer({
      baseUrl: body.string('baseUrl'),
      password: body.string('password'),
      brokerName: body.string('brokerName'),
      brokerCrmName: body.string('brokerCrmName'),
    });
    return { brokerName: client.brokerName, brokerCrmName: client.brokerCrmName };
  });

  const proxy = (path: string, run: (client: CtraderAppClient, body: FieldReader) => Promise<AppCallResult>) =>
    app.post(`/__sim/app/${path}`, async (request) => {
      const client = ctx.appClient;
      if (!client) {
        throw new CtraderError(409, CtraderErrorCode.BrokerServerNotConfigured, 'Call configureBrokerServer first');
      }
      const body = FieldReader.of(isJsonObject(request.body) ? request.body : {});
      try {
        return await run(client, body);
      } catch (error: unknown) {
        if (error instanceof CtraderError) throw error;
        throw new CtraderError(502, CtraderErrorCode.BrokerServerUnreachable, 'The broker server could not be reached');
      }
    });

  proxy('authenticate', (client) => client.authenticate());
  proxy('exchange', (client, body) => client.exchange(body.string('code')));
  proxy('validate', (client, body) => client.validate(body.string('accessToken')));
  proxy('generate', (client, body) => client.generate(userIdOf(body), body.optionalString('inappToken')));
  proxy('logout', (client, body) => client.logout(userIdOf(body), body.optionalString('accessToken')));
}

/** The app sends what it has; a numeric string is passed through so the broker's own parsing is exercised. */
function userIdOf(body: FieldReader): number | string {
  const value = body.raw('userId');
  return typeof value === 'number' ? body.int('userId') : body.string('userId');
}
