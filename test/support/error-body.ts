import { STATUS_CODES } from 'node:http';

/**
 * An error answer as the contract fixes it (spec §1.3): exactly `{ error, message, code }`, `error` the HTTP
 * reason of the status, `code` the given one, `message` some human text. The wording of `message` is ours to
 * change, so it is not compared (where the contract itself gives a message, the test checks it on its own).
 */
export function expectErrorBody(body: unknown, status: number, code: string): void {
  expect(body).toEqual({ error: STATUS_CODES[status], message: expect.any(String), code });
  expect((body as { message: string }).message.trim()).not.toBe('');
}
