import { DataSource } from 'typeorm';
import { closureOf, SeededPartnerTree, seedPartnerTree } from '../../bench/partner-tree-data';
import { BrokerRegistry } from '../../src/kernel/broker-identification/broker-registry.service';
import { BrokerContext } from '../../src/kernel/broker-identification/broker-context';
import { PartnerError } from '../../src/modules/partner-attribution/domain/partner.error';
import { PartnersService } from '../../src/modules/partner-attribution/services/partners.service';
import { PartnerTree } from '../../src/modules/partner-attribution/services/partner-tree.service';
import { startTestApp, TestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';

/** Issue #8: a tree of 10,000 partners, 50 levels deep — cycles refused, subtree moves, upline/downline correct. */
describe('partner tree (closure table), 10,000 partners, depth 50', () => {
  let t: TestApp;
  let tree: PartnerTree;
  let partners: PartnersService;
  let broker: BrokerContext;
  let ds: DataSource;
  let seeded: SeededPartnerTree;
  let other: SeededPartnerTree;
  const actor = { actor: 'test', audit: false };
  const partnerIdOf = (ref: number) => `t${seeded.refs.indexOf(ref)}`;

  beforeAll(async () => {
    t = await startTestApp(testConfig());
    tree = t.app.get(PartnerTree);
    partners = t.app.get(PartnersService);
    broker = t.app.get(BrokerRegistry).findByName('broker_a')!;
    ds = t.app.get(DataSource);
    seeded = await seedPartnerTree(ds, 'broker_a', 10_000, 50);
    // Another broker's tree in the same tables: never visible through broker_a.
    other = await seedPartnerTree(ds, 'broker_b', 300, 10, 99);
  }, 240_000);
  afterAll(() => t?.close());

  /** Model upline: nearest first. */
  function modelUpline(ref: number): number[] {
    const out: number[] = [];
    for (let a = seeded.parentOf.get(ref)!; a !== null; a = seeded.parentOf.get(a)!) out.push(a);
    return out;
  }
  function modelDownline(ref: number): Set<number> {
    const out = new Set<number>();
    for (const node of seeded.parentOf.keys()) if (node !== ref && modelUpline(node).includes(ref)) out.add(node);
    return out;
  }
  async function tableClosure(brokerName: string): Promise<Set<string>> {
    const rows: Array<{ a: number; d: number; depth: number }> = await ds.query(
      `SELECT "ancestorId" AS "a", "descendantId" AS "d", "depth" FROM "partner_closure" WHERE "brokerName" = ${ds.options.type === 'postgres' ? '$1' : '?'}`,
      [brokerName],
    );
    return new Set(rows.map((r) => `${r.a}>${r.d}>${r.depth}`));
  }
  function expectSameSet(actual: Set<string>, expected: Set<string>) {
    const missing = [...expected].filter((x) => !actual.has(x));
    const extra = [...actual].filter((x) => !expected.has(x));
    expect({ missing: missing.slice(0, 5), extra: extra.slice(0, 5), sizes: [actual.size, expected.size] }).toEqual({
      missing: [],
      extra: [],
      sizes: [expected.size, expected.size],
    });
  }

  it('the deepest partner has 49 partners above it, nearest first; the root has the other 9,999 below it', async () => {
    const deepest = seeded.spine[49];
    const up = await tree.upline('broker_a', deepest);
    expect(up.map((u) => u.partnerRef)).toEqual(modelUpline(deepest));
    expect(up.map((u) => u.depth)).toEqual(Array.from({ length: 49 }, (_, i) => i + 1));
    const down = await tree.downline('broker_a', seeded.spine[0]);
    expect(down).toHaveLength(9_999);
    expect(new Set(down.map((d) => d.partnerRef))).toEqual(new Set(seeded.refs.slice(1)));
  });

  it('upline and downline of sampled partners match the model exactly', async () => {
    const sample = [seeded.spine[10], seeded.spine[30], ...seeded.refs.filter((_, i) => i % 997 === 0)];
    for (const ref of sample) {
      expect((await tree.upline('broker_a', ref)).map((u) => u.partnerRef)).toEqual(modelUpline(ref));
      expect(new Set((await tree.downline('broker_a', ref)).map((d) => d.partnerRef))).toEqual(modelDownline(ref));
    }
  });

  it('refuses cycles: under itself, under a direct child, under a descendant 30 levels down; nothing changes', async () => {
    const before = await tableClosure('broker_a');
    for (const [node, parent] of [
      [seeded.spine[5], seeded.spine[5]],
      [seeded.spine[5], seeded.spine[6]],
      [seeded.spine[5], seeded.spine[35]],
      [seeded.spine[0], seeded.spine[49]],
    ]) {
      await expect(partners.move(broker, partnerIdOf(node), partnerIdOf(parent), actor)).rejects.toMatchObject({ reason: 'CYCLE' });
    }
    expectSameSet(await tableClosure('broker_a'), before);
    await expect(partners.move(broker, partnerIdOf(seeded.spine[5]), 'no-such-partner', actor)).rejects.toBeInstanceOf(PartnerError);
  });

  it('moves a deep subtree under another branch, then to the root: the whole closure equals the model after each move', async () => {
    // spine[20] carries spine[21..49] and everything hung under them.
    const moving = seeded.spine[20];
    const target = seeded.refs.find((r) => r !== seeded.spine[0] && !modelUpline(r).includes(moving) && r !== moving && modelUpline(r).length === 3)!;
    const subtreeSize = modelDownline(moving).size;
    expect(subtreeSize).toBeGreaterThan(100);
    await partners.move(broker, partnerIdOf(moving), partnerIdOf(target), actor);
    seeded.parentOf.set(moving, target);
    expectSameSet(await tableClosure('broker_a'), closureOf(seeded.parentOf));
    expect((await tree.upline('broker_a', seeded.spine[49])).length).toBe(29 + 4); // spine[20..48] above it in the subtree, then the target and its 3 ancestors
    expect(await partners.findByPartnerId('broker_a', partnerIdOf(moving))).toMatchObject({ parentId: target });

    await partners.move(broker, partnerIdOf(moving), null, actor);
    seeded.parentOf.set(moving, null);
    expectSameSet(await tableClosure('broker_a'), closureOf(seeded.parentOf));
    expect(await tree.upline('broker_a', moving)).toEqual([]);
    expect((await tree.downline('broker_a', moving)).length).toBe(subtreeSize);
  });

  it("another broker's tree is untouched and invisible", async () => {
    expectSameSet(await tableClosure('broker_b'), closureOf(other.parentOf));
    expect(await tree.downline('broker_a', other.refs[0])).toEqual([]);
    expect(await tree.upline('broker_b', seeded.spine[49])).toEqual([]);
    await expect(partners.move(broker, 't1', 'no', actor)).rejects.toBeInstanceOf(PartnerError);
  });
});
