import { applyDecorators, Type } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';

/**
 * A request example the console can only get refused (it needs a secret or a session only its real caller has),
 * documented as that refusal: a named example `error: <status> <CODE>`, which test/foundation/swagger-examples
 * sends and expects exactly that answer for.
 */
export function ApiErrorExample(type: Type<unknown>, status: number, code: string, summary: string, value: Record<string, unknown>) {
  return applyDecorators(ApiBody({ type, examples: { [`error: ${status} ${code}`]: { summary, value } } }));
}
