/**
 * cTrader already has a cTID for the address and the user has not proven owning it (a broker with
 * `fullSso.signup.emailVerification: none`): the signup ends with "log in or reset your password", nothing linked.
 */
export class EmailHasCtid extends Error {
  constructor() {
    super('the email already has a cTID and is not verified here');
    this.name = 'EmailHasCtid';
  }
}
