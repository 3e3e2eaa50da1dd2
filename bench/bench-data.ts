import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import { hashToken, newToken } from '../src/kernel/tokens/token-format';
import { placeholder } from '../src/kernel/database/sql-dialect';

/**
 * Bench data written straight into the database both servers read: N users with cTrader ids and one live
 * access token each (+ the inappToken derived from it), and on demand batches of fresh login OT tokens.
 */
export interface SeededUsers {
  accessTokens: string[];
  inappTokens: string[];
  ctidUserIds: number[];
  localIds: number[];
}

const DAY = 86_400_000;

export async function seedUsers(ds: DataSource, brokerName: string, count: number): Promise<SeededUsers> {
  const p = placeholder(ds);
  const now = Date.now();
  const out: SeededUsers = { accessTokens: [], inappTokens: [], ctidUserIds: [], localIds: [] };
  const batch = 500;
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    await ds.transaction(async (m) => {
      const userRows: unknown[] = [];
      const values: string[] = [];
      for (let i = 0; i < n; i++) {
        const ctid = 10_000_000 + start + i;
        const b = userRows.length;
        values.push(`(${p(b + 1)}, ${p(b + 2)}, ${p(b + 3)}, ${p(b + 4)}, ${p(b + 5)}, ${p(b + 6)})`);
        userRows.push(brokerName, `bench${ctid}@example.com`, ctid, 'complete', now, now);
        out.ctidUserIds.push(ctid);
      }
      await m.query(
        `INSERT INTO "trader_user" ("brokerName", "email", "ctidUserId", "signupStep", "createdAt", "updatedAt") VALUES ${values.join(', ')}`,
        userRows,
      );
      const ids: Array<{ id: number; ctidUserId: string | number }> = await m.query(
        `SELECT "id", "ctidUserId" FROM "trader_user" WHERE "brokerName" = ${p(1)} AND "ctidUserId" >= ${p(2)} AND "ctidUserId" < ${p(3)} ORDER BY "ctidUserId"`,
        [brokerName, 10_000_000 + start, 10_000_000 + start + n],
      );
      const tokenValues: string[] = [];
      const inappValues: string[] = [];
      const tokenRows: unknown[] = [];
      const inappRows: unknown[] = [];
      for (const row of ids) {
        const access = newToken();
        const inapp = createHmac('sha256', access).update('inappToken:v1').digest('base64url');
        out.accessTokens.push(access);
        out.inappTokens.push(inapp);
        out.localIds.push(Number(row.id));
        const a = tokenRows.length;
        tokenValues.push(`(${p(a + 1)}, ${p(a + 2)}, ${p(a + 3)}, ${p(a + 4)}, ${p(a + 5)}, ${p(a + 6)})`);
        tokenRows.push(hashToken(access), brokerName, row.id, 'bench', now + 90 * DAY, now);
        const b = inappRows.length;
        inappValues.push(`(${p(b + 1)}, ${p(b + 2)}, ${p(b + 3)}, ${p(b + 4)}, ${p(b + 5)}, ${p(b + 6)}, ${p(b + 7)})`);
        inappRows.push(hashToken(inapp), brokerName, row.id, hashToken(access), 'bench', now + 90 * DAY, now);
      }
      await m.query(
        `INSERT INTO "access_token" ("tokenHash", "brokerName", "userId", "sourceOneTimeTokenHash", "expiresAt", "createdAt") VALUES ${tokenValues.join(', ')}`,
        tokenRows,
      );
      await m.query(
        `INSERT INTO "inapp_token" ("tokenHash", "brokerName", "userId", "accessTokenHash", "sourceOneTimeTokenHash", "expiresAt", "createdAt") VALUES ${inappValues.join(', ')}`,
        inappRows,
      );
    });
  }
  return out;
}

/** Fresh login OT tokens (60 s) for `exchange`: each request consumes a distinct one. */
export async function mintLoginTokens(ds: DataSource, brokerName: string, localIds: number[], count: number): Promise<string[]> {
  const p = placeholder(ds);
  const now = Date.now();
  const tokens: string[] = [];
  const batch = 1000;
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const values: string[] = [];
    const rows: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const token = newToken();
      tokens.push(token);
      const b = rows.length;
      values.push(`(${p(b + 1)}, ${p(b + 2)}, ${p(b + 3)}, ${p(b + 4)}, ${p(b + 5)}, ${p(b + 6)}, ${p(b + 7)})`);
      rows.push(hashToken(token), brokerName, localIds[(start + i) % localIds.length], 'login', ds.options.type === 'postgres' ? true : 1, now + 60_000, now);
    }
    await ds.query(
      `INSERT INTO "one_time_token" ("tokenHash", "brokerName", "userId", "purpose", "keepLoggedIn", "expiresAt", "createdAt") VALUES ${values.join(', ')}`,
      rows,
    );
  }
  return tokens;
}
