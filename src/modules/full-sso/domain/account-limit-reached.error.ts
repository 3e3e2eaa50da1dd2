/** The trader already has `max` trading accounts (config fullSso.maxAccountsPerTrader): nothing was sent to cTrader. */
export class AccountLimitReached extends Error {
  constructor(readonly max: number) {
    super(`account limit of ${max} reached`);
    this.name = 'AccountLimitReached';
  }
}
