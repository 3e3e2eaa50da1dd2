import { DataSource, EntityManager } from 'typeorm';

/**
 * The one home of every SQL dialect difference (ARCHITECTURE.md §3). The two engines differ, for the few
 * hand-written statements (atomic consume/claim with RETURNING, closure-table inserts), only in parameter
 * placeholders: both accept double-quoted camelCase identifiers and `UPDATE … RETURNING`. Statements are written
 * once with `?` and numbered for PostgreSQL here.
 */
export type Dialect = 'sqlite' | 'postgres';

/** From the configured database URL (before any connection exists). */
export function dialectOf(url: string): Dialect {
  return url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
}

/** From a live DataSource or the EntityManager of a transaction. */
export function dialectOfConnection(db: DataSource | EntityManager): Dialect {
  const type = db instanceof EntityManager ? db.connection.options.type : db.options.type;
  return type === 'postgres' ? 'postgres' : 'sqlite';
}

export function isPostgres(db: DataSource | EntityManager): boolean {
  return dialectOfConnection(db) === 'postgres';
}

/** The dialect's n-th bound parameter (`$n` or `?`), for SQL assembled piece by piece. */
export function placeholder(db: DataSource | EntityManager | Dialect): (n: number) => string {
  const dialect = typeof db === 'string' ? db : dialectOfConnection(db);
  return dialect === 'postgres' ? (n) => `$${n}` : () => '?';
}

/** `?` → `$1, $2, …` on PostgreSQL (our statements contain no literal question marks). */
export function numbered(db: DataSource | EntityManager | Dialect, sql: string): string {
  const dialect = typeof db === 'string' ? db : dialectOfConnection(db);
  if (dialect === 'sqlite') return sql;
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** Raw rows carry BIGINTs as strings on PostgreSQL. */
export function toNumber(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

/** PostgreSQL's driver answers UPDATE … RETURNING with [rows, count]; better-sqlite3 with the rows. */
export function unwrapRows(result: unknown): Record<string, unknown>[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as Record<string, unknown>[];
  return (result as Record<string, unknown>[]) ?? [];
}
