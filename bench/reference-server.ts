import { createHash, createHmac, randomBytes } from 'node:crypto';
import Fastify from 'fastify';

/**
 * The reference of `npm run bench`: a bare Fastify server (no Nest, no ORM) doing the minimal equivalent work
 * of 4.2, 4.3 and 4.4 on the same database engine and data — hash the token, one indexed lookup or one
 * conditional update. It stands for what Node can do on this machine; our server is measured against it.
 * Run as its own process: env REF_PORT, DATABASE_URL (postgres://…) or SQLITE_FILE, DATABASE_SCHEMA.
 */
interface Db {
  validate(hash: string): Promise<{ ctidUserId: number } | undefined>;
  consume(hash: string, now: number): Promise<{ userId: number } | undefined>;
  userByCtid(ctid: number): Promise<{ id: number } | undefined>;
  insertOt(hash: string, userId: number, now: number): Promise<void>;
}

const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

async function openDb(): Promise<Db> {
  if (process.env.DATABASE_URL) {
    const { Pool } = await import('pg');
    const schema = process.env.DATABASE_SCHEMA;
    const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 20, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
    return {
      validate: async (h) =>
        (
          await pool.query(
            `SELECT u."ctidUserId" FROM "access_token" a JOIN "trader_user" u ON u."id" = a."userId" WHERE a."tokenHash" = $1 AND a."revokedAt" IS NULL`,
            [h],
          )
        ).rows[0],
      consume: async (h, now) =>
        (
          await pool.query(
            `UPDATE "one_time_token" SET "consumedAt" = $1 WHERE "tokenHash" = $2 AND "consumedAt" IS NULL AND "expiresAt" > $1 RETURNING "userId"`,
            [now, h],
          )
        ).rows[0],
      userByCtid: async (c) => (await pool.query(`SELECT "id" FROM "trader_user" WHERE "brokerName" = 'bench_broker' AND "ctidUserId" = $1`, [c])).rows[0],
      insertOt: async (h, u, now) => {
        await pool.query(
          `INSERT INTO "one_time_token" ("tokenHash","brokerName","userId","purpose","keepLoggedIn","expiresAt","createdAt") VALUES ($1,'bench_broker',$2,'inapp',false,$3,$4)`,
          [h, u, now + 60000, now],
        );
      },
    };
  }
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(process.env.SQLITE_FILE);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  const v = db.prepare(
    `SELECT u."ctidUserId" FROM "access_token" a JOIN "trader_user" u ON u."id" = a."userId" WHERE a."tokenHash" = ? AND a."revokedAt" IS NULL`,
  );
  const c = db.prepare(`UPDATE "one_time_token" SET "consumedAt" = ? WHERE "tokenHash" = ? AND "consumedAt" IS NULL AND "expiresAt" > ? RETURNING "userId"`);
  const u = db.prepare(`SELECT "id" FROM "trader_user" WHERE "brokerName" = 'bench_broker' AND "ctidUserId" = ?`);
  const i = db.prepare(
    `INSERT INTO "one_time_token" ("tokenHash","brokerName","userId","purpose","keepLoggedIn","expiresAt","createdAt") VALUES (?,'bench_broker',?,'inapp',0,?,?)`,
  );
  return {
    validate: async (h) => v.get(h) as { ctidUserId: number } | undefined,
    consume: async (h, now) => c.get(now, h, now) as { userId: number } | undefined,
    userByCtid: async (ctid) => u.get(ctid) as { id: number } | undefined,
    insertOt: async (h, user, now) => void i.run(h, user, now + 60000, now),
  };
}

async function main() {
  const db = await openDb();
  const app = Fastify({ logger: false });
  app.post('/oauth2/authorize', async (req, reply) => {
    const token = (req.body as { accessToken: string }).accessToken;
    const row = await db.validate(sha256(token));
    if (!row) return reply.status(404).send({ code: 'TOKEN_NOT_FOUND' });
    return { userId: Number(row.ctidUserId), inappToken: createHmac('sha256', token).update('inappToken:v1').digest('base64url') };
  });
  app.post('/oauth2/onetime/authorize', async (req, reply) => {
    const row = await db.consume(sha256((req.body as { code: string }).code), Date.now());
    if (!row) return reply.status(404).send({ code: 'TOKEN_NOT_FOUND' });
    return { userId: Number(row.userId) };
  });
  app.post('/oauth2/onetime/generate', async (req, reply) => {
    const user = await db.userByCtid(Number((req.body as { userId: number }).userId));
    if (!user) return reply.status(404).send({ code: 'USER_NOT_FOUND' });
    const token = randomBytes(32).toString('base64url');
    await db.insertOt(sha256(token), user.id, Date.now());
    return { token };
  });
  await app.listen({ port: Number(process.env.REF_PORT ?? 3990), host: '127.0.0.1' });
  process.stdout.write('reference ready\n');
}

void main();
