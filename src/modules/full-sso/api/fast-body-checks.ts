import { registerFastBodyCheck } from '../../../kernel/errors/contract-validation.pipe';
import { ExchangeRequest, GenerateRequest, ValidateRequest } from '../dto/ctrader-api.dto';

/**
 * The 4.2–4.4 bodies, accepted without class-validator when they are plainly valid (issue #11): a plain object
 * holding only the DTO's fields, each of the declared type and within its @MaxLength. Anything else — a missing
 * field, an unknown one, a wrong type, an edge case — goes to class-validator, which words the contract's error.
 */
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
const optionalString = (v: unknown) => v === undefined || typeof v === 'string';
const NUMERIC = /^\d{1,15}$/;

function brokerIdsOk(body: Record<string, unknown>, field: string): boolean {
  for (const key in body) {
    if (key !== field && key !== 'brokerName' && key !== 'brokerCrmName') return false;
  }
  return optionalString(body.brokerName) && optionalString(body.brokerCrmName);
}

function stringBody<T extends object>(type: new () => T, field: string, maxLength: number) {
  return (body: unknown): T | undefined => {
    if (!isPlainObject(body) || !brokerIdsOk(body, field)) return undefined;
    const value = body[field];
    if (typeof value !== 'string' || value.length > maxLength) return undefined;
    return Object.assign(new type(), body);
  };
}

registerFastBodyCheck(ValidateRequest, stringBody(ValidateRequest, 'accessToken', 256));
registerFastBodyCheck(ExchangeRequest, stringBody(ExchangeRequest, 'code', 256));
registerFastBodyCheck(GenerateRequest, (body) => {
  if (!isPlainObject(body) || !brokerIdsOk(body, 'userId')) return undefined;
  const raw = body.userId;
  // @Transform(numericString) then @IsInt @Min(1).
  const userId = typeof raw === 'string' && NUMERIC.test(raw) ? Number(raw) : raw;
  if (typeof userId !== 'number' || !Number.isInteger(userId) || userId < 1) return undefined;
  return Object.assign(new GenerateRequest(), body, { userId });
});
