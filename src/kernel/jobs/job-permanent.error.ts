/**
 * Thrown by a handler when repeating cannot help (cTrader refused the request for a business reason, the payload is
 * invalid): the job goes to `dead` at once, with `result` stored so the business code can tell why.
 */
export class JobPermanentError extends Error {
  constructor(
    message: string,
    readonly result?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'JobPermanentError';
  }
}
