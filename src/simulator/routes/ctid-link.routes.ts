import { FastifyInstance } from 'fastify';
import { asManagerCall, checkBrokerName, registerCtraderCall } from '../ctrader-call';
import { CtraderError, CtraderErrorCode } from '../ctrader-error';
import { MD5_HEX, sameMd5 } from '../ctrader-formats';
import { requireTrader, requireUser } from '../ctrader-lookups';
import { FieldReader } from '../field-reader';
import { SimulatorContext } from '../simulator-context';
import { ENVIRONMENT_NAME } from '../simulator-records';

/** 3.4: links a trading account to a cTID user, which gives it a ctidTraderAccountId. */
export function registerCtidLinkRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  const { state } = ctx;
  registerCtraderCall(
    app,
    ctx,
    { call: '3.4', method: 'POST', url: '/cid/ctid/link' },
    asManagerCall(ctx, ({ manager, body: rawBody }) => {
      const body = FieldReader.of(rawBody);
      const traderLogin = body.int('traderLogin');
      const traderPasswordHash = body.matching('traderPasswordHash', MD5_HEX, 'an md5 hex digest');
      const userId = body.int('userId');
      const brokerName = body.string('brokerName');
      const environmentName = body.matching('environmentName', ENVIRONMENT_NAME, 'an environment name such as live, demo or live2');
      // The contract says always send it; requiring it here catches a gateway that forgets.
      body.boolean('returnAccountDetails');
      body.rejectUnknown();
      checkBrokerName(manager, brokerName);
      const trader = requireTrader(state, [brokerName], traderLogin);
      requireUser(state, manager.brokerCrmName, userId);
      // The password is checked before anything about existing links is revealed.
      if (!sameMd5(traderPasswordHash, trader.hashedPassword)) {
        throw new CtraderError(403, CtraderErrorCode.InvalidTraderPassword, 'Invalid trader password');
      }
      const existing = state.findAccountOfTrader(traderLogin);
      if (existing && existing.userId !== userId) {
        throw new CtraderError(400, CtraderErrorCode.TraderAlreadyLinked, 'Trader is already linked to another user');
      }
      // Re-linking the same pair is harmless at CT and returns the same id, which makes 3.4 safe to retry.
      const account = existing ?? state.linkAccount({ traderLogin, userId, brokerName, environmentName });
      return { status: 200, body: { ctidTraderAccountId: account.ctidTraderAccountId } };
    }),
  );
}
