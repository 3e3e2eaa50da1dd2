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
      // Contract 3.4 (docs.spotware.com/WebServices_API/Error_Codes, "Error Codes for Operations with cTID"): a
      // trader that is already linked is an error, not a success, whoever it is linked to (this user or another).
      // Answering a repeat of the same pair with success would hide the saga's lost-answer repair from every test.
      if (state.findAccountOfTrader(traderLogin)) {
        throw new CtraderError(400, CtraderErrorCode.TraderAlreadyLinked, 'Trader is already linked to a cTID');
      }
      const account = state.linkAccount({ traderLogin, userId, brokerName, environmentName });
      return { status: 200, body: { ctidTraderAccountId: account.ctidTraderAccountId } };
    }),
  );
}
