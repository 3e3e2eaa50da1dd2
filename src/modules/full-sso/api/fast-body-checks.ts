import { registerFastBodyCheck } from '../../../kernel/errors';
import { ExchangeRequest, GenerateRequest, ValidateRequest } from './ctrader-api.dto';

/**
 * The 4.2–4.4 bodies, accepted without class-validator when they are plainly valid (issue #11): a plain object
 * whose DTO fields are each of the declared type and within its @MaxLength. Unknown fields are dropped, as the
 * pipe drops them for these DTOs (contract §1.4: cTrader-facing bodies ignore unknown fields). Anything else — a
 * missing field, a wrong type, an edge case — goes to class-validator, which words the contract's error.
 */
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
const optionalString = (v: unknown) => v === undefined || typeof v === 'string';
const NUMERIC = /^\d{1,15}$/;

const has = (body: Record<string, unknown>, key: string) => Object.prototype.hasOwnProperty.call(body, key);

function brokerIdsOk(body: Record<string, unknown>): boolean {
  return optionalString(body.brokerName) && optionalString(body.brokerCrmName);
}

/** The DTO's own fields of the body, nothing else. */
function known(body: Record<string, unknown>, field: string): Record<string, unknown> {
  const picked: Record<string, unknown> = { [field]: body[field] };
  for (const key of ['brokerName', 'brokerCrmName']) if (has(body, key)) picked[key] = body[key];
  return picked;
}

function stringBody<T extends object>(type: new () => T, field: string, maxLength: number) {
  return (body: unknown): T | undefined => {
    if (!isPlainObject(body) || !brokerIdsOk(body) || !has(body, field)) return undefined;
    const value = body[field];
    if (typeof value !== 'string' || value.length > maxLength) return undefined;
    return Object.assign(new type(), known(body, field));
  };
}

registerFastBodyCheck(ValidateRequest, stringBody(ValidateRequest, 'accessToken', 256));
registerFastBodyCheck(ExchangeRequest, stringBody(ExchangeRequest, 'code', 256));
registerFastBodyCheck(GenerateRequest, (body) => {
  if (!isPlainObject(body) || !brokerIdsOk(body) || !has(body, 'userId')) return undefined;
  const raw = body.userId;
  // @Transform(numericString) then @IsInt @Min(1).
  const userId = typeof raw === 'string' && NUMERIC.test(raw) ? Number(raw) : raw;
  if (typeof userId !== 'number' || !Number.isInteger(userId) || userId < 1) return undefined;
  return Object.assign(new GenerateRequest(), known(body, 'userId'), { userId });
});
