import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { BrokerRegistry } from '../../../kernel/broker-identification';
import type { CtraderInAppRules } from '../../../kernel/ctrader-gateway';
import { CtraderError, CtraderGateway } from '../../../kernel/ctrader-gateway';
import { JobContext, JobHandler, JobHandlerRegistry, JobOutcomeBus, JobPermanentError, JobQueue } from '../../../kernel/jobs';
import { joinRuleSets, ruleSetHash } from '../domain/ribbon-rules';
import { RibbonUserSync } from '../entities/ribbon-user-sync.entity';
import { RIBBON_PUSH_JOB, RibbonPushPayload } from './ribbon-job-kinds';
import { RibbonSync } from '../services/ribbon-sync.service';
import { Clock } from '../../../kernel/clock';

export interface RibbonPushResult {
  pushed: boolean;
  ribbons: number;
  hash: string;
}

/**
 * 3.9 for one cTID user: sends the user's CURRENT rule set (not the one of the change that enqueued the job), so
 * jobs of successive changes coalesce and the last one wins; skips the call when cTrader already has exactly that
 * set (hash of the last pushed body). 3.9 replaces the whole set, so repeating it is always safe.
 *
 * Two pushes of one user may run at once (two instances): a push only records "synced" if the desired set is still
 * the one it sent; otherwise it forgets what cTrader holds (pushedHash NULL) and retries, so the latest set is
 * always the last one sent.
 */
@Injectable()
export class RibbonPushJobHandler implements JobHandler<RibbonPushPayload, RibbonPushResult>, OnModuleInit {
  readonly kind = RIBBON_PUSH_JOB;
  private readonly logger = new Logger('RibbonPush');

  constructor(
    private readonly clock: Clock,
    @InjectRepository(RibbonUserSync) private readonly rows: Repository<RibbonUserSync>,
    private readonly sync: RibbonSync,
    private readonly gateway: CtraderGateway,
    private readonly brokers: BrokerRegistry,
    private readonly registry: JobHandlerRegistry,
    private readonly outcomes: JobOutcomeBus,
    private readonly queue: JobQueue,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
    // A push that gave up (cTrader refused it, or attempts ran out) is shown as `failed` until the set changes again
    // or an admin retries the job (POST /admin/brokers/:brokerName/jobs/:id/retry).
    this.outcomes.on(RIBBON_PUSH_JOB, async (event) => {
      if (event.state !== 'dead') return;
      const job = await this.queue.findById(event.jobId);
      const ctidUserId = job ? Number((JSON.parse(job.payload) as RibbonPushPayload).ctidUserId) : NaN;
      if (!Number.isSafeInteger(ctidUserId)) return;
      await this.rows.update(
        { brokerName: In(this.sync.siblingsOf(event.brokerName)), ctidUserId, state: 'pending' },
        { state: 'failed', lastError: (event.lastError ?? 'push failed').slice(0, 1000), updatedAt: this.clock.now() },
      );
    });
  }

  async handle(payload: RibbonPushPayload, context: JobContext): Promise<RibbonPushResult> {
    const ctidUserId = Number(payload?.ctidUserId);
    if (!Number.isSafeInteger(ctidUserId) || ctidUserId <= 0) throw new JobPermanentError('payload.ctidUserId must be a positive integer');
    const siblings = this.sync.siblingsOf(context.brokerName);
    // The whole cTID user's set: every broker of this CRM that uses ribbons contributes its part.
    const rows = await this.rows.find({ where: { brokerName: In(siblings), ctidUserId }, order: { brokerName: 'ASC' } });
    if (rows.length === 0) return { pushed: false, ribbons: 0, hash: '' };
    const max = this.brokers.findByName(context.brokerName)!.config.ribbons.maxRibbonsPerUser;
    const rules: CtraderInAppRules = joinRuleSets(
      rows.map((r) => JSON.parse(r.desiredRules) as CtraderInAppRules),
      max,
    );
    const hash = ruleSetHash(rules);
    const body = JSON.stringify(rules);
    const ribbons = rules.ribbons?.length ?? 0;
    if (rows.every((r) => r.pushedHash === hash)) {
      await this.markSynced(rows, body, hash, null);
      return { pushed: false, ribbons, hash };
    }
    try {
      await this.gateway.putInAppControls(context.brokerName, { userId: ctidUserId, rules });
    } catch (error: unknown) {
      const message = error instanceof Error ? error.message : String(error);
      await this.rows.update({ id: In(rows.map((r) => r.id)) }, { lastError: message.slice(0, 1000) });
      // cTrader refused the body or the user (4xx other than rate limiting): repeating cannot help.
      if (error instanceof CtraderError && error.kind === 'rejected') throw new JobPermanentError(message, { errorCode: error.errorCode });
      throw error;
    }
    const stale = await this.markSynced(rows, body, hash, this.clock.now());
    if (stale) {
      // The set changed while we were sending: what cTrader holds is no longer known; send the latest again.
      throw new Error('the rule set changed during the push; sending the latest set');
    }
    return { pushed: true, ribbons, hash };
  }

  /** Records the push on every row whose desired part is still what was sent. Returns true if some row changed meanwhile. */
  private async markSynced(rows: RibbonUserSync[], body: string, hash: string, pushedAt: number | null): Promise<boolean> {
    let stale = false;
    const now = this.clock.now();
    for (const row of rows) {
      const set =
        pushedAt === null
          ? { state: 'synced' as const, lastError: null, updatedAt: now }
          : { pushedRules: body, pushedHash: hash, pushedAt, state: 'synced' as const, lastError: null, updatedAt: now };
      const r = await this.rows.update({ id: row.id, brokerName: row.brokerName, version: row.version }, set);
      if ((r.affected ?? 0) === 0) {
        stale = true;
        await this.rows.update({ id: row.id, brokerName: row.brokerName }, { pushedHash: null, updatedAt: now });
      }
    }
    if (stale) this.logger.debug({ rows: rows.map((r) => r.id) }, 'rule set changed during a push');
    return stale;
  }
}
