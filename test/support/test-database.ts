import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Each test suite gets its own database: a fresh SQLite file, or — when DATABASE_URL is set (CI's second run) —
 * a fresh PostgreSQL schema on that server.
 */
export function freshDatabase(): { url: string; schema?: string } {
  const pg = process.env.DATABASE_URL;
  if (pg && pg.startsWith('postgres')) return { url: pg, schema: `t_${randomBytes(6).toString('hex')}` };
  const dir = mkdtempSync(join(tmpdir(), 'cbi-test-'));
  return { url: `sqlite:${join(dir, 'app.sqlite')}` };
}

export const onPostgres = () => (process.env.DATABASE_URL ?? '').startsWith('postgres');
