import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { Clock } from '../../../kernel/clock';
import { BrokerScopedRepository, UnitOfWork } from '../../../kernel/database';
import { JobContext, JobHandler, JobHandlerRegistry, JobQueue } from '../../../kernel/jobs';
import { RibbonAudience } from '../domain/ribbon-campaign.types';
import { RibbonCampaign } from '../entities/ribbon-campaign.entity';
import { RibbonSweepMark } from '../entities/ribbon-sweep-mark.entity';
import { RIBBON_SWEEP_JOB, RibbonSweepPayload } from './ribbon-job-kinds';
import { RecomputeSummary, RibbonSync } from '../services/ribbon-sync.service';

const DAY_MS = 86_400_000;

export interface SweepResult {
  from: number;
  to: number;
  boundaries: number[];
  recomputed: RecomputeSummary | null;
}

/** How often the sweep loop looks for ribbon brokers while none is configured (one may be added by a reload). */
const IDLE_RECHECK_MS = 60_000;

/**
 * Schedule boundaries: every `ribbons.sweepIntervalSeconds` each instance enqueues a sweep job per broker, keyed by
 * the interval's number, so however many instances run, one sweep per interval exists and one worker claims it.
 * The sweep recomputes the broker's users when a campaign's start or end passed since the last sweep (and once a
 * day when a live campaign uses the `inactive` segment, whose members change with time alone).
 */
@Injectable()
export class RibbonScheduleSweep implements JobHandler<RibbonSweepPayload, SweepResult>, OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly kind = RIBBON_SWEEP_JOB;
  private readonly logger = new Logger('RibbonScheduleSweep');
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;

  constructor(
    @InjectRepository(RibbonCampaign) private readonly campaigns: Repository<RibbonCampaign>,
    @InjectRepository(RibbonSweepMark) private readonly marks: Repository<RibbonSweepMark>,
    private readonly sync: RibbonSync,
    private readonly clock: Clock,
    private readonly queue: JobQueue,
    private readonly unitOfWork: UnitOfWork,
    private readonly registry: JobHandlerRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.scheduleNextTick();
  }

  beforeApplicationShutdown(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * One tick after the shortest interval of the brokers configured NOW, then the next: a config reload that adds a
   * ribbon broker (or changes `sweepIntervalSeconds`) takes effect at the next tick without a restart. With no
   * ribbon broker the loop only looks again every IDLE_RECHECK_MS.
   */
  private scheduleNextTick(): void {
    const brokers = this.sync.ribbonBrokers();
    const everyMs = brokers.length ? Math.min(...brokers.map((b) => b.config.ribbons.sweepIntervalSeconds)) * 1000 : IDLE_RECHECK_MS;
    this.timer = setTimeout(() => {
      this.tick()
        .catch((error: unknown) => this.logger.error({ err: (error as Error).message }, 'enqueuing the ribbon sweep failed'))
        .finally(() => {
          if (!this.stopped) this.scheduleNextTick();
        });
    }, everyMs);
    this.timer.unref();
  }

  /** Enqueues this interval's sweep for every ribbon broker (a no-op when another instance already did). */
  async tick(): Promise<void> {
    const now = this.clock.now();
    for (const broker of this.sync.ribbonBrokers()) {
      const bucket = Math.floor(now / (broker.config.ribbons.sweepIntervalSeconds * 1000));
      await this.unitOfWork.run((m) =>
        this.queue.enqueue(m, {
          brokerName: broker.brokerName,
          kind: RIBBON_SWEEP_JOB,
          payload: { bucket } satisfies RibbonSweepPayload,
          idempotencyKey: `sweep:${bucket}`,
        }),
      );
    }
  }

  async handle(_payload: RibbonSweepPayload, context: JobContext): Promise<SweepResult> {
    return this.sweep(context.brokerName);
  }

  /** Acts on the boundaries in (last sweep, now]. */
  async sweep(brokerName: string): Promise<SweepResult> {
    const now = this.clock.now();
    const marks = new BrokerScopedRepository(this.marks, brokerName);
    const mark = await marks.findOneBy({});
    // First sweep ever: campaigns created before it were computed when they were saved; only the last interval matters.
    const from = mark?.sweptUntil ?? now - this.sync.ribbonBrokers().find((b) => b.brokerName === brokerName)!.config.ribbons.sweepIntervalSeconds * 1000;
    const rows = await new BrokerScopedRepository(this.campaigns, brokerName).find({ where: { deletedAt: IsNull() } });
    const boundaries = rows
      .filter((c) => c.enabled)
      .flatMap((c) => [c.startsAt, c.endsAt])
      .filter((t): t is number => t !== null && t > from && t <= now);
    // Never swept before: nobody knows when the inactive segment was last evaluated, so evaluate it now.
    const inactivityDayTurned =
      (!mark || Math.floor(from / DAY_MS) !== Math.floor(now / DAY_MS)) &&
      rows.some(
        (c) =>
          c.enabled &&
          (JSON.parse(c.audience) as RibbonAudience).kind === 'segment' &&
          (JSON.parse(c.audience) as { segments: string[] }).segments.includes('inactive'),
      );
    const recomputed = boundaries.length || inactivityDayTurned ? await this.sync.recomputeAll(brokerName) : null;
    // Only after the recompute committed: a sweep that dies is retried by the job and sees the same window.
    if (mark) await marks.update({ id: mark.id }, { sweptUntil: now });
    else await marks.insert({ sweptUntil: now });
    return { from, to: now, boundaries, recomputed };
  }
}
