import { FastifyInstance } from 'fastify';
import { asManagerCall, registerCtraderCall } from '../ctrader-call';
import { FieldReader } from '../field-reader';
import { redeemLightIdentityToken } from '../light-identity-tokens';
import { SimulatorContext } from '../simulator-context';

/** LI: the one call of the One-time token handoff (Light identity) module. */
export function registerLightIdentityRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  registerCtraderCall(
    app,
    ctx,
    { call: 'LI', method: 'POST', url: '/cid/ctid2/inAppToken/redeem' },
    asManagerCall(ctx, ({ manager, body }) => {
      const fields = FieldReader.of(body);
      const token = fields.string('token');
      fields.rejectUnknown();
      return { status: 200, body: redeemLightIdentityToken(ctx, manager, token) };
    }),
  );
}
