import { CtraderError, CtraderErrorCode } from './ctrader-error';
import { SimTrader, SimUser } from './simulator-records';
import { SimulatorState } from './simulator-state';

/** Finds a cTID user of this CRM or answers CT's 404; a user of another CRM does not exist for the caller. */
export function requireUser(state: SimulatorState, brokerCrmName: string, userId: number): SimUser {
  const user = state.findUser(brokerCrmName, userId);
  if (!user) {
    throw new CtraderError(404, CtraderErrorCode.UserNotFound, `User ${userId} not found`);
  }
  return user;
}

/** Finds a trader of one of the manager's brokers or answers CT's 404. */
export function requireTrader(state: SimulatorState, brokerNames: readonly string[], login: number): SimTrader {
  const trader = state.findTrader(login);
  if (!trader || !brokerNames.includes(trader.brokerName)) {
    throw new CtraderError(404, CtraderErrorCode.TraderNotFound, `Trader ${login} not found`);
  }
  return trader;
}
