import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { PartnerTree } from '../src/modules/partner-attribution/services/partner-tree.service';
import { seededRandom, seedPartnerTree } from './partner-tree-data';

/**
 * npm run bench (last line: partner_downline_p99_ms=…), or alone: node dist/bench/partner-tree.js [--quick]
 * Latency of the partner tree's queries on a 10,000-partner, 50-level tree (issue #8): upline of a random partner,
 * downline of a random partner (every level), and moving a random subtree under a random partner outside it (each
 * move in its own transaction, as the admin API does). Same engine as the server: SQLite by default, PostgreSQL
 * when DATABASE_URL is set.
 */
export interface LatencyMs {
  p50: number;
  p99: number;
  n: number;
}
export interface PartnerTreeBench {
  database: 'sqlite' | 'postgres';
  partners: number;
  depth: number;
  upline: LatencyMs;
  downline: LatencyMs & { meanRows: number };
  /** Downline of partners on the 50-level spine: the big subtrees (up to the whole tree). */
  downlineLarge: LatencyMs & { meanRows: number };
  move: LatencyMs;
}

export async function runPartnerTreeBench(options: { quick?: boolean } = {}): Promise<PartnerTreeBench> {
  const pg = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : undefined;
  const schema = `bench_tree_${Date.now()}`;
  if (pg) {
    const boot = await new DataSource({ type: 'postgres', url: pg }).initialize();
    await boot.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await boot.destroy();
  }
  const dir = pg ? undefined : mkdtempSync(join(tmpdir(), 'cbi-tree-'));
  const url = pg ?? `sqlite:${join(dir!, 'tree.sqlite')}`;
  const ds = await new DataSource(dataSourceOptions({ url, schema: pg ? schema : undefined, migrationsRun: false, logging: false })).initialize();
  try {
    await ds.runMigrations();
    const broker = 'bench_broker';
    const seeded = await seedPartnerTree(ds, broker, 10_000, 50);
    // A bulk load is followed by autovacuum's ANALYZE in production; do it now so the planner sees the real sizes.
    if (pg) await ds.query('ANALYZE "partner_closure"; ANALYZE "partner"');
    const tree = new PartnerTree(ds);
    const random = seededRandom(1);
    const pick = () => seeded.refs[Math.floor(random() * seeded.refs.length)];
    const reads = options.quick ? 300 : 2_000;
    const moves = options.quick ? 50 : 300;

    const upline = await timed(reads, () => tree.upline(broker, pick()));
    let rows = 0;
    const downline = await timed(reads, async () => (rows += (await tree.downline(broker, pick())).length));
    let largeRows = 0;
    const large = await timed(
      options.quick ? 50 : 200,
      async () => (largeRows += (await tree.downline(broker, seeded.spine[Math.floor(random() * seeded.spine.length)])).length),
    );
    const move = await timed(moves, async () => {
      // A random partner and a random new parent outside its subtree (a refused cycle is not a move).
      for (;;) {
        const node = pick();
        const parent = pick();
        if (await tree.isInSubtree(broker, node, parent)) continue;
        await ds.transaction((m) => tree.move(m, broker, node, parent));
        return;
      }
    });
    return {
      database: pg ? 'postgres' : 'sqlite',
      partners: 10_000,
      depth: 50,
      upline,
      downline: { ...downline, meanRows: Math.round(rows / reads) },
      downlineLarge: { ...large, meanRows: Math.round(largeRows / large.n) },
      move,
    };
  } finally {
    if (pg) await ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await ds.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

async function timed(n: number, fn: () => Promise<unknown>): Promise<LatencyMs> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => Math.round(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] * 100) / 100;
  return { p50: at(0.5), p99: at(0.99), n };
}

export function formatPartnerTreeBench(r: PartnerTreeBench): string {
  return [
    `partner tree (${r.partners} partners, depth ${r.depth}, ${r.database}):`,
    `  upline    p50/p99 ${r.upline.p50}/${r.upline.p99} ms (n=${r.upline.n})`,
    `  downline  p50/p99 ${r.downline.p50}/${r.downline.p99} ms (n=${r.downline.n}, mean ${r.downline.meanRows} rows)`,
    `  downline of spine partners p50/p99 ${r.downlineLarge.p50}/${r.downlineLarge.p99} ms (n=${r.downlineLarge.n}, mean ${r.downlineLarge.meanRows} rows)`,
    `  move      p50/p99 ${r.move.p50}/${r.move.p99} ms (n=${r.move.n}, subtree move in a transaction)`,
  ].join('\n');
}

if (require.main === module) {
  runPartnerTreeBench({ quick: process.argv.includes('--quick') })
    .then((r) => {
      console.log(formatPartnerTreeBench(r));
      console.log(
        `bench: partner_upline_p99_ms=${r.upline.p99} partner_downline_p99_ms=${r.downline.p99} partner_downline_large_p99_ms=${r.downlineLarge.p99} partner_move_p99_ms=${r.move.p99}`,
      );
    })
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
