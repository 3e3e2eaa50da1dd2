import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PartnerCycleError } from '../domain/partner-cycle.error';
import { isPostgres, numbered } from '../../../kernel/database';

export interface TreeNodeDepth {
  partnerRef: number;
  depth: number;
}

/**
 * The partner tree as a closure table (PartnerClosure): every (ancestor, descendant, depth) pair is stored, so
 *  - upline of a partner   = rows with descendantId = p, ordered by depth (one index range);
 *  - downline of a partner = rows with ancestorId = p (one index range), any depth;
 *  - "is X under Y"        = one primary-key probe — the cycle check of a move;
 *  - move a subtree        = delete the pairs linking the subtree to its old ancestors, insert the cross product
 *    of the new parent's ancestors with the subtree (two set-based statements).
 * Writes run inside the caller's transaction; on PostgreSQL they also take a per-broker advisory lock so two
 * concurrent moves cannot build a cycle between them (SQLite transactions are exclusive already).
 * Every statement names the broker: the tree of one broker is invisible to another.
 */
@Injectable()
export class PartnerTree {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** A new partner, as a leaf under `parentRef` (or a root). */
  async addNode(m: EntityManager, brokerName: string, partnerRef: number, parentRef: number | null): Promise<void> {
    await this.lock(m, brokerName);
    await m.query(numbered(m, `INSERT INTO "partner_closure" ("ancestorId", "descendantId", "brokerName", "depth") VALUES (?, ?, ?, 0)`), [
      partnerRef,
      partnerRef,
      brokerName,
    ]);
    if (parentRef !== null) {
      await m.query(
        numbered(
          m,
          `INSERT INTO "partner_closure" ("ancestorId", "descendantId", "brokerName", "depth") SELECT "ancestorId", ?, "brokerName", "depth" + 1 FROM "partner_closure" WHERE "brokerName" = ? AND "descendantId" = ?`,
        ),
        [partnerRef, brokerName, parentRef],
      );
    }
  }

  /** Moves `partnerRef` and its whole subtree under `newParentRef` (null: becomes a root). Refuses cycles. */
  async move(m: EntityManager, brokerName: string, partnerRef: number, newParentRef: number | null): Promise<void> {
    await this.lock(m, brokerName);
    if (newParentRef !== null && (await this.isInSubtree(brokerName, partnerRef, newParentRef, m))) throw new PartnerCycleError(partnerRef, newParentRef);
    // Detach: pairs (outside ancestor → subtree member). Pairs inside the subtree stay as they are.
    await m.query(
      numbered(
        m,
        `DELETE FROM "partner_closure" WHERE "brokerName" = ? ` +
          `AND "descendantId" IN (SELECT "descendantId" FROM "partner_closure" WHERE "brokerName" = ? AND "ancestorId" = ?) ` +
          `AND "ancestorId" NOT IN (SELECT "descendantId" FROM "partner_closure" WHERE "brokerName" = ? AND "ancestorId" = ?)`,
      ),
      [brokerName, brokerName, partnerRef, brokerName, partnerRef],
    );
    if (newParentRef !== null) {
      // Attach: every ancestor of the new parent (itself included) × every member of the subtree.
      await m.query(
        numbered(
          m,
          `INSERT INTO "partner_closure" ("ancestorId", "descendantId", "brokerName", "depth") ` +
            `SELECT a."ancestorId", d."descendantId", a."brokerName", a."depth" + d."depth" + 1 FROM "partner_closure" a, "partner_closure" d ` +
            `WHERE a."brokerName" = ? AND a."descendantId" = ? AND d."brokerName" = ? AND d."ancestorId" = ?`,
        ),
        [brokerName, newParentRef, brokerName, partnerRef],
      );
    }
    await m.query(numbered(m, `UPDATE "partner" SET "parentId" = ? WHERE "brokerName" = ? AND "id" = ?`), [newParentRef, brokerName, partnerRef]);
  }

  /**
   * Takes a partner out of the tree (removal): its children move up to its parent with their subtrees, so the
   * chain above them stays intact; then its own pairs go.
   */
  async detach(m: EntityManager, brokerName: string, partnerRef: number): Promise<number[]> {
    await this.lock(m, brokerName);
    const [parent] = await m.query<Array<{ ancestorId: number }>>(
      numbered(m, `SELECT "ancestorId" FROM "partner_closure" WHERE "brokerName" = ? AND "descendantId" = ? AND "depth" = 1`),
      [brokerName, partnerRef],
    );
    const children = (
      await m.query<Array<{ descendantId: number }>>(
        numbered(m, `SELECT "descendantId" FROM "partner_closure" WHERE "brokerName" = ? AND "ancestorId" = ? AND "depth" = 1`),
        [brokerName, partnerRef],
      )
    ).map((r) => Number(r.descendantId));
    for (const child of children) await this.move(m, brokerName, child, parent ? Number(parent.ancestorId) : null);
    await m.query(numbered(m, `DELETE FROM "partner_closure" WHERE "brokerName" = ? AND ("ancestorId" = ? OR "descendantId" = ?)`), [
      brokerName,
      partnerRef,
      partnerRef,
    ]);
    return children;
  }

  /** True when `nodeRef` is `rootRef` itself or one of its descendants. */
  async isInSubtree(brokerName: string, rootRef: number, nodeRef: number, m: EntityManager = this.ds.manager): Promise<boolean> {
    const rows = await m.query<unknown[]>(
      numbered(m, `SELECT 1 AS "x" FROM "partner_closure" WHERE "brokerName" = ? AND "ancestorId" = ? AND "descendantId" = ?`),
      [brokerName, rootRef, nodeRef],
    );
    return rows.length > 0;
  }

  /** The partners above `partnerRef`, nearest first (depth 1 = the parent). */
  async upline(brokerName: string, partnerRef: number, m: EntityManager = this.ds.manager): Promise<TreeNodeDepth[]> {
    const rows = await m.query<Array<{ ref: number; depth: number }>>(
      numbered(
        m,
        `SELECT "ancestorId" AS "ref", "depth" FROM "partner_closure" WHERE "brokerName" = ? AND "descendantId" = ? AND "depth" > 0 ORDER BY "depth"`,
      ),
      [brokerName, partnerRef],
    );
    return rows.map((r) => ({ partnerRef: Number(r.ref), depth: Number(r.depth) }));
  }

  /** Every partner below `partnerRef` (depth 1 = direct sub-partners), optionally down to `maxDepth` levels. */
  async downline(brokerName: string, partnerRef: number, maxDepth?: number, m: EntityManager = this.ds.manager): Promise<TreeNodeDepth[]> {
    const rows = await m.query<Array<{ ref: number; depth: number }>>(
      numbered(
        m,
        `SELECT "descendantId" AS "ref", "depth" FROM "partner_closure" WHERE "brokerName" = ? AND "ancestorId" = ? AND "depth" > 0 AND "depth" <= ? ORDER BY "depth", "descendantId"`,
      ),
      [brokerName, partnerRef, maxDepth ?? 2_147_483_647],
    );
    return rows.map((r) => ({ partnerRef: Number(r.ref), depth: Number(r.depth) }));
  }

  /** How many sub-partners the partner has at each level below it. */
  async countsPerLevel(brokerName: string, partnerRef: number): Promise<Array<{ level: number; partners: number }>> {
    const rows = await this.ds.query<Array<{ depth: number; n: number }>>(
      numbered(
        this.ds.manager,
        `SELECT "depth", COUNT(*) AS "n" FROM "partner_closure" WHERE "brokerName" = ? AND "ancestorId" = ? AND "depth" > 0 GROUP BY "depth" ORDER BY "depth"`,
      ),
      [brokerName, partnerRef],
    );
    return rows.map((r) => ({ level: Number(r.depth), partners: Number(r.n) }));
  }

  private async lock(m: EntityManager, brokerName: string): Promise<void> {
    if (isPostgres(m)) await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`partner_tree:${brokerName}`]);
  }
}
