import { DataSource } from 'typeorm';
import { placeholder } from '../src/kernel/database/sql-dialect';

/**
 * A synthetic partner tree written straight into the database (bench and the tree tests share it): a spine of
 * `maxDepth` levels so the deepest chain is exactly that long, and the other partners hung under random earlier
 * partners — half of them on the spine, so deep subtrees are common — never deeper than the spine.
 * `parentOf` is the model the tests compare the closure table with.
 */
export interface SeededPartnerTree {
  brokerName: string;
  /** Partner.id in creation order; refs[0] is the root of the spine. */
  refs: number[];
  /** The spine: spine[d] is at depth d. */
  spine: number[];
  parentOf: Map<number, number | null>;
}

/** Deterministic PRNG (mulberry32): the same tree on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedPartnerTree(ds: DataSource, brokerName: string, count = 10_000, maxDepth = 50, seed = 8): Promise<SeededPartnerTree> {
  const random = seededRandom(seed);
  const p = placeholder(ds);
  const now = Date.now();
  // 1. Partner rows (ids from the database).
  for (let start = 0; start < count; start += 500) {
    const n = Math.min(500, count - start);
    const values: string[] = [];
    const params: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const b = params.length;
      values.push(`(${p(b + 1)}, ${p(b + 2)}, 'active', 'admin', 'synced', 1, ${p(b + 3)})`);
      params.push(brokerName, `t${start + i}`, now);
    }
    await ds.query(
      `INSERT INTO "partner" ("brokerName", "partnerId", "status", "source", "referralState", "referralVersion", "createdAt") VALUES ${values.join(', ')}`,
      params,
    );
  }
  const rows: Array<{ id: number; partnerId: string }> = await ds.query(`SELECT "id", "partnerId" FROM "partner" WHERE "brokerName" = ${p(1)}`, [brokerName]);
  const refOf = new Map(rows.map((r) => [r.partnerId, Number(r.id)]));
  const refs = Array.from({ length: count }, (_, i) => refOf.get(`t${i}`)!);
  // 2. Shape.
  const parentOf = new Map<number, number | null>();
  const depth = new Map<number, number>();
  const spine = refs.slice(0, Math.min(maxDepth, count));
  spine.forEach((ref, d) => {
    parentOf.set(ref, d === 0 ? null : spine[d - 1]);
    depth.set(ref, d);
  });
  for (let i = spine.length; i < count; i++) {
    let parent: number;
    do {
      parent = random() < 0.5 ? spine[Math.floor(random() * spine.length)] : refs[Math.floor(random() * i)];
    } while (depth.get(parent)! >= maxDepth - 1);
    parentOf.set(refs[i], parent);
    depth.set(refs[i], depth.get(parent)! + 1);
  }
  // 3. parentId and the closure rows.
  for (let start = 0; start < count; start += 500) {
    const chunk = refs.slice(start, start + 500).filter((r) => parentOf.get(r) !== null);
    if (!chunk.length) continue;
    const cases = chunk.map((r) => `WHEN ${r} THEN ${parentOf.get(r)}`).join(' ');
    await ds.query(`UPDATE "partner" SET "parentId" = CASE "id" ${cases} END WHERE "id" IN (${chunk.join(', ')})`);
  }
  const closure: Array<[number, number, number]> = [];
  for (const ref of refs) {
    let d = 0;
    for (let a: number | null = ref; a !== null; a = parentOf.get(a)!) closure.push([a, ref, d++]);
  }
  for (let start = 0; start < closure.length; start += 1000) {
    const values: string[] = [];
    const params: unknown[] = [];
    for (const [a, d, depthValue] of closure.slice(start, start + 1000)) {
      const b = params.length;
      values.push(`(${p(b + 1)}, ${p(b + 2)}, ${p(b + 3)}, ${p(b + 4)})`);
      params.push(a, d, brokerName, depthValue);
    }
    await ds.query(`INSERT INTO "partner_closure" ("ancestorId", "descendantId", "brokerName", "depth") VALUES ${values.join(', ')}`, params);
  }
  return { brokerName, refs, spine, parentOf };
}

/** The closure of a parent map: "ancestor>descendant>depth" for every pair (depth 0 included), for comparisons. */
export function closureOf(parentOf: Map<number, number | null>): Set<string> {
  const out = new Set<string>();
  for (const ref of parentOf.keys()) {
    let d = 0;
    for (let a: number | null = ref; a !== null; a = parentOf.get(a)!) out.add(`${a}>${ref}>${d++}`);
  }
  return out;
}
