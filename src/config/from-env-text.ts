import { Transform } from 'class-transformer';

const NUMBER_TEXT = /^\s*-?\d+(\.\d+)?\s*$/;
/** The words YAML 1.1 and the JOBS_AUTOSTART-style variables have always accepted; any other text is refused. */
const BOOLEAN_TEXT: Record<string, boolean> = { true: true, false: false, yes: true, no: false, on: true, off: false, '1': true, '0': false };

/**
 * Number and boolean settings that may arrive as text: an environment substitution (`port: ${PORT:-3000}`) or a quoted
 * YAML scalar. `"3000"` becomes 3000 on a number field, `"false"` (or no, off, 0) becomes false on a boolean one. Anything else is
 * passed on unchanged, so the field's validator reports it: `"maybe"` is not a boolean (class-transformer's implicit
 * conversion would have made any text `true`, and a transpile-only build has no reliable design:type to convert by).
 */
export function NumberFromText(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' && NUMBER_TEXT.test(value) ? Number(value) : value), { toClassOnly: true });
}

export function BooleanFromText(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? (BOOLEAN_TEXT[value.trim().toLowerCase()] ?? value) : value), {
    toClassOnly: true,
  });
}
