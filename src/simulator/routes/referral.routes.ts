import { FastifyInstance } from 'fastify';
import { asManagerCall, checkBrokerCrmName, registerCtraderCall } from '../ctrader-call';
import { CtraderError, CtraderErrorCode } from '../ctrader-error';
import { requireUser } from '../ctrader-lookups';
import { FieldReader } from '../field-reader';
import { SimulatorContext } from '../simulator-context';
import { SimulatorState } from '../simulator-state';

const PATH = '/cid/oauth2/ctid/referral';

/** Partner attribution at CT (3.6 set, 3.7 read, 3.8 delete), user-level or account-level. */
export function registerReferralRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  const { state } = ctx;

  registerCtraderCall(
    app,
    ctx,
    { call: '3.6', method: 'PUT', url: PATH },
    asManagerCall(ctx, ({ manager, body: rawBody }) => {
      const body = FieldReader.of(rawBody);
      const brokerCrmName = body.string('brokerCrmName');
      const partnerId = readPartnerId(body);
      const userId = body.optionalInt('userId');
      const ctidTraderAccountId = body.optionalInt('ctidTraderAccountId');
      body.rejectUnknown();
      if (userId === undefined && ctidTraderAccountId === undefined) {
        throw CtraderError.invalidRequest("one of 'userId' or 'ctidTraderAccountId' is required");
      }
      checkBrokerCrmName(manager, brokerCrmName);
      const owner =
        ctidTraderAccountId === undefined
          ? requireUser(state, brokerCrmName, userId as number).userId
          : accountOwner(state, brokerCrmName, ctidTraderAccountId, userId);
      state.setReferral({ brokerCrmName, userId: owner, ctidTraderAccountId: ctidTraderAccountId ?? null, partnerId });
      return { status: 200, body: {} };
    }),
  );

  registerCtraderCall(
    app,
    ctx,
    { call: '3.7', method: 'GET', url: PATH },
    asManagerCall(ctx, ({ manager, query }) => {
      const brokerCrmName = query.string('brokerCrmName');
      const userId = query.optionalInt('userId');
      const ctidTraderAccountId = query.optionalInt('ctidTraderAccountId');
      if (userId === undefined && ctidTraderAccountId === undefined) {
        throw CtraderError.invalidRequest("one of query parameters 'userId' or 'ctidTraderAccountId' is required");
      }
      checkBrokerCrmName(manager, brokerCrmName);
      const owner = ctidTraderAccountId === undefined ? userId : state.findAccount(ctidTraderAccountId)?.userId;
      const referral =
        owner === undefined || (userId !== undefined && owner !== userId) ? undefined : state.findReferral(brokerCrmName, owner, ctidTraderAccountId ?? null);
      if (!referral) {
        throw new CtraderError(404, CtraderErrorCode.ReferralNotFound, 'Referral not found');
      }
      return {
        status: 200,
        body: { userId: referral.userId, ctidTraderAccountId: referral.ctidTraderAccountId, partnerId: referral.partnerId },
      };
    }),
  );

  registerCtraderCall(
    app,
    ctx,
    { call: '3.8', method: 'DELETE', url: PATH },
    asManagerCall(ctx, ({ manager, query }) => {
      const brokerCrmName = query.string('brokerCrmName');
      const userId = query.int('userId');
      const ctidTraderAccountId = query.optionalInt('ctidTraderAccountId');
      checkBrokerCrmName(manager, brokerCrmName);
      requireUser(state, brokerCrmName, userId);
      // Without an account id only the user-level record goes; account-level records stay (contract 3.8).
      const existing = state.findReferral(brokerCrmName, userId, ctidTraderAccountId ?? null);
      if (existing && existing.userId === userId) {
        state.deleteReferral(brokerCrmName, userId, ctidTraderAccountId ?? null);
      }
      // Deleting what is not there is not an error: the broker may retry a DELETE whose answer it lost.
      // 200 with no body: "Expected Response Status Code 200" (https://help.ctrader.com/broker-oauth-inapp/
      // delete-partner-identifier/, "3.8. Delete an Existing Partner Identifier"; no response body is documented).
      return { status: 200 };
    }),
  );
}

/** partnerId is the broker's own partner id: a non-empty string, or an integer for brokers that number them. */
function readPartnerId(body: FieldReader): string | number {
  const value = body.raw('partnerId');
  if (typeof value === 'number') return body.int('partnerId');
  return body.string('partnerId');
}

/** The user an account-level referral belongs to; a userId sent along must be that account's owner. */
function accountOwner(state: SimulatorState, brokerCrmName: string, ctidTraderAccountId: number, userId?: number): number {
  const account = state.findAccount(ctidTraderAccountId);
  const owner = account && state.findUser(brokerCrmName, account.userId);
  if (!owner || (userId !== undefined && owner.userId !== userId)) {
    throw new CtraderError(404, CtraderErrorCode.CtidTraderAccountNotFound, `ctidTraderAccountId ${ctidTraderAccountId} not found for this user`);
  }
  return owner.userId;
}
