import { FastifyInstance } from 'fastify';
import { asManagerCall, registerCtraderCall } from '../ctrader-call';
import { CtraderError, CtraderErrorCode } from '../ctrader-error';
import { requireTrader } from '../ctrader-lookups';
import { FieldReader } from '../field-reader';
import { addMinorUnits, jsonNumberToMinorUnits, minorUnitsToDecimalText, MoneyFormatError } from '../money';
import { BALANCE_CHANGE_TYPES, BalanceChangeType, SimTrader } from '../simulator-records';
import { SimulatorContext } from '../simulator-context';
import { pathLogin } from './trader.routes';

/**
 * 3.5 changebalance. Deliberately NOT idempotent on externalId: real CT has no idempotency key, so a broker
 * that sends a deposit twice must see it applied twice here too (contract §1.5).
 */
export function registerChangeBalanceRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  registerCtraderCall(
    app,
    ctx,
    { call: '3.5', method: 'POST', url: '/v2/webserv/traders/:login/changebalance' },
    asManagerCall(ctx, ({ manager, body: rawBody, params }) => {
      const login = pathLogin(params.login);
      const body = FieldReader.of(rawBody);
      const bodyLogin = body.int('login');
      if (bodyLogin !== login) {
        throw body.invalid('login', 'must equal the login in the path');
      }
      const type = body.enumOf('type', BALANCE_CHANGE_TYPES);
      if (!body.has('preciseAmount')) {
        throw CtraderError.invalidRequest("'preciseAmount' is required");
      }
      const comment = body.optionalString('comment');
      const externalId = body.optionalString('externalId');
      const externalNote = body.optionalString('externalNote');
      const source = body.optionalString('source');
      body.rejectUnknown();
      const trader = requireTrader(ctx.state, manager.brokerNames, login);
      const amount = parseAmount(body.raw('preciseAmount'), trader.moneyDigits);
      const next = applyChange(trader, type, amount);
      const entry = ctx.state.appendBalanceChange(trader, {
        login,
        type,
        delta: minorUnitsToDecimalText(next.delta, trader.moneyDigits),
        balance: next.balance,
        nonWithdrawableBonus: next.nonWithdrawableBonus,
        ...(externalId !== undefined && { externalId }),
        ...(comment !== undefined && { comment }),
        ...(externalNote !== undefined && { externalNote }),
        ...(source !== undefined && { source }),
      });
      // The docs' Output is `balanceHistoryId`, an entry of the account's *balance* history (help.ctrader.com
      // broker-oauth-inapp "3.5. Change a Trader's Balance", Output). A bonus type moves nonWithdrawableBonus, not the
      // balance: the simulator answers it without one (our reading, issue #22), so the broker is tested against that.
      const bonus = type === 'DEPOSIT_NONWITHDRAWABLE_BONUS' || type === 'WITHDRAW_NONWITHDRAWABLE_BONUS';
      return { status: 200, body: bonus ? {} : { balanceHistoryId: entry.balanceHistoryId } };
    }),
  );
}

function badAmount(description: string): CtraderError {
  return new CtraderError(400, CtraderErrorCode.ChangeBalanceBadAmount, description);
}

/** preciseAmount: a JSON number > 0 with at most moneyDigits decimals, turned into minor units without floats. */
function parseAmount(value: unknown, moneyDigits: number): number {
  if (typeof value !== 'number') {
    throw badAmount("'preciseAmount' must be a JSON number");
  }
  let minor: number;
  try {
    minor = jsonNumberToMinorUnits(value, moneyDigits);
  } catch (error: unknown) {
    if (error instanceof MoneyFormatError) throw badAmount(`'preciseAmount' ${error.message}`);
    throw error;
  }
  if (minor <= 0) {
    throw badAmount("'preciseAmount' must be greater than 0");
  }
  return minor;
}

interface BalanceAfterChange {
  delta: number;
  balance: number;
  nonWithdrawableBonus: number;
}

/** Withdrawals never take an account below zero: CT answers NOT_ENOUGH_MONEY and changes nothing. */
function applyChange(trader: SimTrader, type: BalanceChangeType, amount: number): BalanceAfterChange {
  const affectsBonus = type === 'DEPOSIT_NONWITHDRAWABLE_BONUS' || type === 'WITHDRAW_NONWITHDRAWABLE_BONUS';
  const delta = type.startsWith('WITHDRAW') ? -amount : amount;
  const current = affectsBonus ? trader.nonWithdrawableBonus : trader.balance;
  let after: number;
  try {
    after = addMinorUnits(current, delta);
  } catch (error: unknown) {
    if (error instanceof MoneyFormatError) throw badAmount(`'preciseAmount' ${error.message}`);
    throw error;
  }
  if (after < 0) {
    throw new CtraderError(400, CtraderErrorCode.NotEnoughMoney, 'Not enough money for this withdrawal');
  }
  return affectsBonus
    ? { delta, balance: trader.balance, nonWithdrawableBonus: after }
    : { delta, balance: after, nonWithdrawableBonus: trader.nonWithdrawableBonus };
}
