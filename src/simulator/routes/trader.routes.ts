import { FastifyInstance } from 'fastify';
import { asManagerCall, checkBrokerName, registerCtraderCall } from '../ctrader-call';
import { CtraderError, CtraderErrorCode } from '../ctrader-error';
import { CURRENCY_CODE, MD5_HEX } from '../ctrader-formats';
import { requireTrader } from '../ctrader-lookups';
import { FieldReader, parseIntegerText } from '../field-reader';
import { createBalanceToMinorUnits } from '../money-digits';
import { DEFAULT_GROUPS } from '../simulator-options';
import { SimulatorContext } from '../simulator-context';
import { pageOfTraders, parseCtraderInstant } from '../traders-listing';
import { ACCESS_RIGHTS, ACCOUNT_TYPES, ContactDetails, TOTAL_MARGIN_CALCULATION_TYPES } from '../simulator-records';

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
      // Money fields of the webserv API are integers, never decimals (contract §1.1); 3.3's is in 10^2.
      const balanceInHundredths = body.int('balance', 0);
      const brokerName = body.string('brokerName');
      const depositCurrency = body.matching('depositCurrency', CURRENCY_CODE, 'a 3-letter upper-case currency code');
      const groupName = body.string('groupName');
      const hashedPassword = body.matching('hashedPassword', MD5_HEX, 'an md5 hex digest');
      const leverageInCents = body.int('leverageInCents', 1);
      const name = body.optionalString('name');
      const lastName = body.optionalString('lastName');
      body.optionalString('description');
      const contactDetails = body.has('contactDetails') ? readContactDetails(body.object('contactDetails')) : null;
      body.rejectUnknown();
      checkBrokerName(manager, brokerName);
      const moneyDigits = ctx.moneyDigits.of(depositCurrency);
      const balance = createBalanceToMinorUnits(balanceInHundredths, moneyDigits);
      if (!(manager.groups ?? DEFAULT_GROUPS).includes(groupName)) {
        throw new CtraderError(400, CtraderErrorCode.TraderGroupNotFound, `Trader group '${groupName}' not found`);
      }
      const trader = state.createTrader({
        accessRights,
        accountType,
        totalMarginCalculationType,
        moneyDigits,
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

/**
 * The documented keys of 3.3's `contactDetails` (https://help.ctrader.com/broker-oauth-inapp/create-trader/,
 * "3.3. Create a Trader", Request Body: `contactDetails.*`), plus the two introducing-broker keys of contract 3.3.
 * Any other key is refused by rejectUnknown() with the body.
 */
const CONTACT_STRING_KEYS = ['address', 'city', 'documentId', 'email', 'phone', 'state', 'zipCode', 'introducingBroker1', 'introducingBroker2'] as const;

/** Kept as sent (CT stores contact details verbatim), each documented key with its documented type. */
function readContactDetails(details: FieldReader): ContactDetails {
  const copy: ContactDetails = {};
  for (const key of CONTACT_STRING_KEYS) {
    const value = details.optionalString(key);
    if (value !== undefined) copy[key] = value;
  }
  const countryId = details.optionalInt('countryId', 1);
  if (countryId !== undefined) copy.countryId = countryId;
  return copy;
}
