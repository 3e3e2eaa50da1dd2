import { FastifyInstance } from 'fastify';
import { asManagerCall, checkBrokerName, registerCtraderCall } from '../ctrader-call';
import { CtraderError, CtraderErrorCode } from '../ctrader-error';
import { CURRENCY_CODE, MD5_HEX } from '../ctrader-formats';
import { requireTrader } from '../ctrader-lookups';
import { FieldReader, parseIntegerText } from '../field-reader';
import { DEFAULT_GROUPS } from '../simulator-options';
import { SimulatorContext } from '../simulator-context';
import { pageOfTraders, parseCtraderInstant } from '../traders-listing';
import {
  ACCESS_RIGHTS,
  ACCOUNT_TYPES,
  ContactDetails,
  TOTAL_MARGIN_CALCULATION_TYPES,
} from '../simulator-records';

/** Trading accounts: create (3.3), the documented reads (one trader, traders in a window), and the optional balance-history read. */
export function registerTraderRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  const { state } = ctx;

  registerCtraderCall(
    app,
    ctx,
    { call: '3.3', method: 'POST', url: '/v2/webserv/traders' },
    asManagerCall(ctx, ({ manager, body: rawBody }) => {
      const body = FieldReader.of(rawBody);
      const accessRights = body.enumOf('accessRights', ACCESS_RIGHTS);
      const accountType = body.enumOf('accountType', ACCOUNT_TYPES);
      const totalMarginCalculationType = body.enumOf('totalMarginCalculationType', TOTAL_MARGIN_CALCULATION_TYPES);
      // Money fields of the webserv API are integers in minor units (contract §1.1), never decimals.
      const balance = body.int('balance', 0);
      const brokerName = body.string('brokerName');
      const depositCurrency = body.matching('depositCurrency', CURRENCY_CODE, 'a 3-letter upper-case currency code');
      const groupName = body.string('groupName');
      const hashedPassword = body.matching('hashedPassword', MD5_HEX, 'an md5 hex digest');
      const leverageInCents = body.int('leverageInCents', 1);
      const name = body.optionalString('name');
      const lastName = body.optionalString('lastName');
      const contactDetails = body.has('contactDetails') ? readContactDetails(body.object('contactDetails')) : null;
      checkBrokerName(manager, brokerName);
      if (!(manager.groups ?? DEFAULT_GROUPS).includes(groupName)) {
        throw new CtraderError(400, CtraderErrorCode.TraderGroupNotFound, `Trader group '${groupName}' not found`);
      }
      const trader = state.createTrader({
        accessRights,
        accountType,
        totalMarginCalculationType,
        balance,
        brokerName,
        depositCurrency,
        groupName,
        hashedPassword: hashedPassword.toLowerCase(),
        leverageInCents,
        name: name ?? null,
        lastName: lastName ?? null,
        contactDetails,
      });
      return { status: 201, body: state.getTrader(trader.login) };
    }),
  );

  registerCtraderCall(
    app,
    ctx,
    { call: 'traderRead', method: 'GET', url: '/v2/webserv/traders/:login' },
    asManagerCall(ctx, ({ manager, params }) => {
      const trader = requireTrader(state, manager.brokerNames, pathLogin(params.login));
      const view = state.getTrader(trader.login) as Record<string, unknown>;
      if (ctx.quirks.traderWithoutBrokerName) delete view.brokerName;
      return { status: 200, body: view };
    }),
  );

  // Traders registered in [from, to), paged: how a broker finds a trader whose 3.3 answer it never received,
  // instead of creating a second one. Format, window and paging: see traders-listing.ts (docs cited there).
  registerCtraderCall(
    app,
    ctx,
    { call: 'tradersList', method: 'GET', url: '/v2/webserv/traders' },
    asManagerCall(ctx, ({ manager, query }) => {
      const from = parseCtraderInstant(query.string('from'), 'from');
      const to = parseCtraderInstant(query.string('to'), 'to');
      const own = state.listTraders().filter((t) => manager.brokerNames.includes(t.brokerName));
      return { status: 200, body: pageOfTraders(own, from, to, ctx.listing.tradersPageSize) };
    }),
  );

  // NOT a documented call: the WebServices reference lists no read of balance history (contract §1.5). It exists so
  // that the broker's optional, configured reconciliation source (`ctrader.reconciliation.balanceHistory`) can be
  // tested, and answers only while `quirks.balanceHistoryRead` is on ("Spotware confirmed one for this deployment").
  // Off, it is a 404 like any path the server does not have.
  registerCtraderCall(
    app,
    ctx,
    { call: 'balanceHistoryRead', method: 'GET', url: '/v2/webserv/traders/:login/balancehistory' },
    asManagerCall(ctx, ({ manager, params }) => {
      if (!ctx.quirks.balanceHistoryRead) throw new CtraderError(404, CtraderErrorCode.NotFound, 'No such endpoint');
      const trader = requireTrader(state, manager.brokerNames, pathLogin(params.login));
      return { status: 200, body: { balanceHistory: state.balanceHistory(trader.login) ?? [] } };
    }),
  );
}

export function pathLogin(text: string | undefined): number {
  return parseIntegerText(text ?? '', "path parameter 'login'");
}

/** Kept as sent (CT stores contact details verbatim), after checking the fields the broker relies on. */
function readContactDetails(details: FieldReader): ContactDetails {
  const copy: ContactDetails = {};
  for (const key of details.keys()) {
    const value = details.raw(key);
    if (value !== null && typeof value === 'object') {
      throw details.invalid(key, 'must be a string, number or boolean');
    }
    copy[key] = value;
  }
  details.optionalString('introducingBroker1');
  details.optionalString('introducingBroker2');
  return copy;
}
