import { FastifyInstance } from 'fastify';
import { asManagerCall, checkBrokerCrmName, registerCtraderCall } from '../ctrader-call';
import { CtraderError, CtraderErrorCode } from '../ctrader-error';
import { checkEmail } from '../ctrader-formats';
import { requireUser } from '../ctrader-lookups';
import { FieldReader } from '../field-reader';
import { SimulatorContext } from '../simulator-context';

/** cTID users: create (3.2), change email (3.10), find by email (3.11), log out everywhere (3.12), agreement (3.13). */
export function registerCtidUserRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  const { state } = ctx;

  registerCtraderCall(
    app,
    ctx,
    { call: '3.2', method: 'POST', url: '/cid/oauth2/ctid/create' },
    asManagerCall(ctx, ({ manager, body: rawBody }) => {
      const body = FieldReader.of(rawBody);
      const brokerCrmName = body.string('brokerCrmName');
      const email = body.string('email');
      const firstName = body.optionalString('firstName');
      const nickName = body.optionalString('nickName');
      // "Takes Alpha-2 … codes", lower case in every example (help.ctrader.com 3.2): "EN" is refused here.
      const preferredLanguage = body.has('preferredLanguage')
        ? body.matching('preferredLanguage', /^[a-z]{2}$/, 'a lower-case alpha-2 language code such as "en"')
        : undefined;
      body.rejectUnknown();
      checkBrokerCrmName(manager, brokerCrmName);
      checkEmail(email, 'email');
      if (state.findUserByEmail(brokerCrmName, email)) {
        throw new CtraderError(400, CtraderErrorCode.EmailAlreadyExists, 'A user with this email already exists');
      }
      const user = state.createUser({ brokerCrmName, email, firstName, nickName, preferredLanguage });
      return { status: 201, body: { userId: user.userId } };
    }),
  );

  registerCtraderCall(
    app,
    ctx,
    { call: '3.10', method: 'PUT', url: '/cid/oauth2/ctid/changeEmail' },
    asManagerCall(ctx, ({ manager, body: rawBody }) => {
      const body = FieldReader.of(rawBody);
      const userId = body.int('userId');
      const newEmail = body.string('newEmail');
      const brokerCrmName = body.string('brokerCrmName');
      body.rejectUnknown();
      checkBrokerCrmName(manager, brokerCrmName);
      checkEmail(newEmail, 'newEmail');
      const user = requireUser(state, brokerCrmName, userId);
      const holder = state.findUserByEmail(brokerCrmName, newEmail);
      if (holder && holder.userId !== user.userId) {
        throw new CtraderError(400, CtraderErrorCode.EmailAlreadyExists, 'A user with this email already exists');
      }
      state.changeEmail(user, newEmail);
      return { status: 204 };
    }),
  );

  registerCtraderCall(
    app,
    ctx,
    { call: '3.11', method: 'GET', url: '/cid/oauth2/ctid/userId' },
    asManagerCall(ctx, ({ manager, query }) => {
      const brokerCrmName = query.string('brokerCrmName');
      const email = query.string('email');
      checkBrokerCrmName(manager, brokerCrmName);
      const user = state.findUserByEmail(brokerCrmName, email);
      // CT answers 200 with an empty body, not 404, when nobody has that email.
      return user ? { status: 200, body: { userId: user.userId } } : { status: 200 };
    }),
  );

  registerCtraderCall(
    app,
    ctx,
    { call: '3.12', method: 'POST', url: '/cid/oauth2/ctid/logout' },
    asManagerCall(ctx, ({ manager, query }) => {
      const brokerCrmName = query.string('brokerCrmName');
      const userId = query.int('userId');
      checkBrokerCrmName(manager, brokerCrmName);
      state.recordLogout(requireUser(state, brokerCrmName, userId));
      return { status: 200, body: {} };
    }),
  );

  registerCtraderCall(
    app,
    ctx,
    { call: '3.13', method: 'PUT', url: '/cid/oauth2/ctid/acceptAgreement' },
    asManagerCall(ctx, ({ manager, query }) => {
      const brokerCrmName = query.string('brokerCrmName');
      const userId = query.int('userId');
      checkBrokerCrmName(manager, brokerCrmName);
      state.acceptAgreement(requireUser(state, brokerCrmName, userId));
      return { status: 200, body: {} };
    }),
  );
}
