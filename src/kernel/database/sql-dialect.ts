import { DataSource } from 'typeorm';

/**
 * The few hand-written statements (atomic consume/claim with RETURNING) differ between the dialects only in
 * parameter placeholders; both accept double-quoted camelCase identifiers and `UPDATE … RETURNING`.
 */
export function placeholder(ds: DataSource): (n: number) => string {
  return ds.options.type === 'postgres' ? (n) => `$${n}` : () => '?';
}

export function isPostgres(ds: DataSource): boolean {
  return ds.options.type === 'postgres';
}

/** Raw rows carry BIGINTs as strings on PostgreSQL. */
export function toNumber(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

/** PostgreSQL's driver answers UPDATE … RETURNING with [rows, count]; better-sqlite3 with the rows. */
export function unwrapRows(result: unknown): Record<string, unknown>[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0];
  return (result as Record<string, unknown>[]) ?? [];
}
