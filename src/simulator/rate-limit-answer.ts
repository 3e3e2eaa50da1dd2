import { CtraderErrorCode } from './ctrader-error';

/**
 * How the simulator words its REQUEST_FREQUENCY_EXCEEDED refusal. Contract §1.1 (and the error-code list of the
 * docs) give the code only, not the status nor the body around it, so a gateway must recognise it in any of them:
 * tests switch this to a non-429 status or another body shape to prove that it does.
 * - `errorCode`: CT's documented error shape `{ errorCode, description }` (the default, with 429).
 * - `error`: `{ error: "REQUEST_FREQUENCY_EXCEEDED", message }` (a proxy's or framework's shape).
 * - `code`: `{ code: "REQUEST_FREQUENCY_EXCEEDED", message }`.
 * - `nested`: `{ error: { errorCode: "REQUEST_FREQUENCY_EXCEEDED", description } }`.
 * - `text`: a plain-text body that contains the code.
 */
export const RATE_LIMIT_SHAPES = ['errorCode', 'error', 'code', 'nested', 'text'] as const;
export type RateLimitShape = (typeof RATE_LIMIT_SHAPES)[number];

export interface RateLimitAnswer {
  /** An HTTP error status, 400-599. Default 429. */
  status: number;
  shape: RateLimitShape;
}

export const DEFAULT_RATE_LIMIT_ANSWER: RateLimitAnswer = { status: 429, shape: 'errorCode' };

const CODE = CtraderErrorCode.RequestFrequencyExceeded;
const DESCRIPTION = 'Too many requests, try again later';

/** The body of a rate-limit refusal in the configured shape (a string is sent as text/plain). */
export function rateLimitBody(shape: RateLimitShape): unknown {
  switch (shape) {
    case 'error':
      return { error: CODE, message: DESCRIPTION };
    case 'code':
      return { code: CODE, message: DESCRIPTION };
    case 'nested':
      return { error: { errorCode: CODE, description: DESCRIPTION } };
    case 'text':
      return `${CODE}: ${DESCRIPTION}`;
    default:
      return { errorCode: CODE, description: DESCRIPTION };
  }
}

/** Why a rate-limit answer cannot be honoured, or null. */
export function describeInvalidRateLimitAnswer(answer: Partial<RateLimitAnswer>): string | null {
  if (answer.status !== undefined && !(Number.isSafeInteger(answer.status) && answer.status >= 400 && answer.status <= 599)) {
    return "'answerStatus' must be an HTTP error status (400-599)";
  }
  if (answer.shape !== undefined && !(RATE_LIMIT_SHAPES as readonly string[]).includes(answer.shape)) {
    return `'answerShape' must be one of ${RATE_LIMIT_SHAPES.join(', ')}`;
  }
  return null;
}
