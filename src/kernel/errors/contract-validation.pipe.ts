import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { ContractException } from './contract.exception';
import { ErrorCode } from './error-code';

/** Constraints that mean "the field is absent" rather than "the field is wrong" (contract §1.3). */
const PRESENCE_CONSTRAINTS = new Set(['isDefined', 'isNotEmpty']);

const baseOptions = {
  whitelist: true,
  transform: true,
  forbidUnknownValues: true,
  stopAtFirstError: true,
  exceptionFactory: (errors: ValidationError[]) => contractError(errors),
};

/**
 * class-validator with whitelist + forbidNonWhitelisted, answering in the contract's codes:
 * an absent required field → 400 MISSING_REQUIRED_PARAMETER, anything else → 400 INVALID_REQUEST.
 * Bodies marked with @IgnoresUnknownFields (the cTrader-facing 4.x routes) drop unknown fields instead.
 */
export function contractValidationPipe(): ValidationPipe {
  return new ContractValidationPipe({ ...baseOptions, forbidNonWhitelisted: true });
}

const IGNORING_UNKNOWN_FIELDS = new Set<unknown>();

/**
 * Contract §1.4: a body cTrader sends us ignores unknown fields (dropped before validation). cTrader may add a
 * field to a 4.x call at any release; refusing it would stop every login. Our own APIs (admin) keep refusing
 * unknown fields, where a typo must not pass silently. Inherited by subclasses.
 */
export function IgnoresUnknownFields(): ClassDecorator {
  return (target) => {
    IGNORING_UNKNOWN_FIELDS.add(target);
  };
}

export function ignoresUnknownFields(metatype: unknown): boolean {
  for (let t = metatype; typeof t === 'function' && t !== Function.prototype; t = Object.getPrototypeOf(t)) {
    if (IGNORING_UNKNOWN_FIELDS.has(t)) return true;
  }
  return false;
}

function contractError(errors: ValidationError[]): ContractException {
  const flat = flatten(errors);
  const missing = flat.find((e) => e.value === undefined && Object.keys(e.constraints ?? {}).some((c) => PRESENCE_CONSTRAINTS.has(c)));
  if (missing) {
    return new ContractException(ErrorCode.MissingRequiredParameter, `Missing required parameter: ${missing.path}`);
  }
  const first = flat[0];
  const detail = first ? (Object.values(first.constraints ?? {})[0] ?? `${first.path} is invalid`) : 'Invalid request';
  return new ContractException(ErrorCode.InvalidRequest, first?.constraints?.whitelistValidation ? `Unknown field: ${first.path}` : detail);
}

function flatten(errors: ValidationError[], parent = ''): Array<ValidationError & { path: string }> {
  return errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [Object.assign(e, { path })] : [];
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/**
 * Fast acceptance of a body DTO (issue #11): returns the DTO instance when the body is certainly valid, or
 * undefined to let class-validator decide (and word the error). It must accept nothing class-validator would refuse.
 */
export type FastBodyCheck = (body: unknown) => object | undefined;
const FAST_CHECKS = new Map<unknown, FastBodyCheck>();

/** For the tiny bodies of hot routes, where class-transformer + class-validator cost more than the work itself. */
export function registerFastBodyCheck(metatype: abstract new (...args: never[]) => object, check: FastBodyCheck): void {
  FAST_CHECKS.set(metatype, check);
}

/**
 * Issue #19: Swagger UI prefills a string without an example as the literal "string", and a body sent as prefilled
 * must not be saved as data. Our own (strict) bodies refuse that exact value anywhere; the 4.x bodies cTrader sends
 * (@IgnoresUnknownFields) are not checked. Returns the path of the first such value ('' for the body itself).
 */
function swaggerPlaceholderPath(value: unknown, path = ''): string | undefined {
  if (value === 'string') return path;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    const found = swaggerPlaceholderPath(child, Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** An absent body is validated as `{}`, so its required fields answer MISSING_REQUIRED_PARAMETER, not INVALID_REQUEST. */
class ContractValidationPipe extends ValidationPipe {
  /** Same rules, but unknown fields are stripped rather than refused (whitelist without forbidNonWhitelisted). */
  private readonly lenient = new ValidationPipe({ ...baseOptions, forbidNonWhitelisted: false });

  override transform(value: unknown, metadata: ArgumentMetadata) {
    if (metadata.type === 'body') {
      const fast = FAST_CHECKS.get(metadata.metatype)?.(value);
      if (fast) return Promise.resolve(fast);
    }
    const input = metadata.type === 'body' && (value === undefined || value === null) ? {} : value;
    if (metadata.type === 'body' && ignoresUnknownFields(metadata.metatype)) return this.lenient.transform(input, metadata);
    if (metadata.type === 'body') {
      const placeholder = swaggerPlaceholderPath(input);
      if (placeholder !== undefined)
        throw new ContractException(ErrorCode.InvalidRequest, `${placeholder || 'body'} is "string", the Swagger console's placeholder, not a value`);
    }
    return super.transform(input, metadata);
  }
}
