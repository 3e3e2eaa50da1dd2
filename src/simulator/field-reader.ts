import { CtraderError } from './ctrader-error';

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads and validates the fields of a JSON body (or a nested object of it). Every failure is a
 * 400 `INVALID_REQUEST` naming the field by its dotted path, so a broker developer sees what to fix.
 *
 * It also remembers which keys the handler asked about (read, tested, or declared with `accept()`), so that
 * `rejectUnknown()` — called by every 3.x handler once it has read its body, before any effect — refuses a key
 * the docs do not list, the way a strict server would: a misspelled optional field (`lastname`, `urlInApp`) is
 * an error, not silently dropped. Nested readers (`object()`, `element()`) are checked with their parent.
 */
export class FieldReader {
  private readonly known = new Set<string>();
  private readonly children: FieldReader[] = [];

  private constructor(
    private readonly source: JsonObject,
    private readonly prefix: string,
  ) {}

  static of(value: unknown, label = 'body'): FieldReader {
    if (!isJsonObject(value)) {
      throw CtraderError.invalidRequest(`${label} must be a JSON object`);
    }
    return new FieldReader(value, label === 'body' ? '' : `${label}.`);
  }

  /** The dotted path of this object itself ('' for the body). */
  label(): string {
    return this.prefix.replace(/\.$/, '') || 'body';
  }

  name(field: string): string {
    return `${this.prefix}${field}`;
  }

  has(field: string): boolean {
    this.known.add(field);
    return this.source[field] !== undefined && this.source[field] !== null;
  }

  raw(field: string): unknown {
    this.known.add(field);
    return this.source[field];
  }

  /** Declares documented keys the handler does not otherwise read (they are accepted and ignored). */
  accept(...fields: string[]): this {
    for (const field of fields) this.known.add(field);
    return this;
  }

  /**
   * 400 INVALID_REQUEST naming the first key nobody read or declared, here or in a nested reader. Call it after
   * reading the body and before any effect.
   */
  rejectUnknown(): void {
    const unknown = Object.keys(this.source).find((key) => !this.known.has(key));
    if (unknown !== undefined) throw this.invalid(unknown, 'is not a known field');
    for (const child of this.children) child.rejectUnknown();
  }

  string(field: string): string {
    const value = this.required(field);
    if (typeof value !== 'string' || value.trim() === '') {
      throw this.invalid(field, 'must be a non-empty string');
    }
    return value;
  }

  optionalString(field: string): string | undefined {
    return this.has(field) ? this.string(field) : undefined;
  }

  int(field: string, min = Number.MIN_SAFE_INTEGER): number {
    const value = this.required(field);
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw this.invalid(field, 'must be an integer');
    }
    if (value < min) {
      throw this.invalid(field, `must be >= ${min}`);
    }
    return value;
  }

  optionalInt(field: string, min?: number): number | undefined {
    return this.has(field) ? this.int(field, min) : undefined;
  }

  boolean(field: string): boolean {
    const value = this.required(field);
    if (typeof value !== 'boolean') {
      throw this.invalid(field, 'must be a boolean');
    }
    return value;
  }

  enumOf<T extends string>(field: string, allowed: readonly T[]): T {
    const value = this.required(field);
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      throw this.invalid(field, `must be one of ${allowed.join(', ')}`);
    }
    return value as T;
  }

  matching(field: string, pattern: RegExp, expectation: string): string {
    const value = this.required(field);
    if (typeof value !== 'string' || !pattern.test(value)) {
      throw this.invalid(field, `must be ${expectation}`);
    }
    return value;
  }

  object(field: string): FieldReader {
    const value = this.required(field);
    if (!isJsonObject(value)) {
      throw this.invalid(field, 'must be a JSON object');
    }
    return this.child(new FieldReader(value, `${this.name(field)}.`));
  }

  array(field: string): unknown[] {
    const value = this.required(field);
    if (!Array.isArray(value)) {
      throw this.invalid(field, 'must be an array');
    }
    return value;
  }

  /** Reads an array element as an object, named `field[i]` in errors. */
  element(field: string, index: number, value: unknown): FieldReader {
    if (!isJsonObject(value)) {
      throw CtraderError.invalidRequest(`'${this.name(field)}[${index}]' must be a JSON object`);
    }
    return this.child(new FieldReader(value, `${this.name(field)}[${index}].`));
  }

  keys(): string[] {
    return Object.keys(this.source);
  }

  invalid(field: string, problem: string): CtraderError {
    return CtraderError.invalidRequest(`'${this.name(field)}' ${problem}`);
  }

  private child(reader: FieldReader): FieldReader {
    this.children.push(reader);
    return reader;
  }

  private required(field: string): unknown {
    if (!this.has(field)) {
      throw CtraderError.invalidRequest(`'${this.name(field)}' is required`);
    }
    return this.source[field];
  }
}

/** Query-string counterpart of FieldReader: values arrive as strings; repeats are refused. */
export class QueryReader {
  private constructor(private readonly source: JsonObject) {}

  static of(query: unknown): QueryReader {
    return new QueryReader(isJsonObject(query) ? query : {});
  }

  has(name: string): boolean {
    const value = this.source[name];
    return value !== undefined && value !== '';
  }

  string(name: string): string {
    const value = this.source[name];
    if (value === undefined || value === '') {
      throw CtraderError.invalidRequest(`query parameter '${name}' is required`);
    }
    if (typeof value !== 'string') {
      throw CtraderError.invalidRequest(`query parameter '${name}' must be given once`);
    }
    return value;
  }

  optionalString(name: string): string | undefined {
    return this.has(name) ? this.string(name) : undefined;
  }

  int(name: string): number {
    return parseIntegerText(this.string(name), `query parameter '${name}'`);
  }

  optionalInt(name: string): number | undefined {
    return this.has(name) ? this.int(name) : undefined;
  }
}

/** Strict decimal-integer parsing for ids in paths and query strings ("12abc" and "1e3" are refused). */
export function parseIntegerText(text: string, label: string): number {
  if (!/^-?[0-9]{1,16}$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw CtraderError.invalidRequest(`${label} must be an integer`);
  }
  return Number(text);
}
