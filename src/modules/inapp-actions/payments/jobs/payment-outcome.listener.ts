import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CHANGE_BALANCE_JOB_KIND, ChangeBalanceJobResult } from '../../../../kernel/ctrader-gateway';
import { JobOutcomeBus } from '../../../../kernel/jobs';
import { PaymentRequests } from '../services/payment-requests.service';

/** How often each instance looks for approved requests whose job outcome event was lost. */
const SWEEP_INTERVAL_MS = 15_000;
/** Only requests approved at least this long ago: younger ones are normally finished by the outcome bus. */
const SWEEP_MIN_AGE_MS = 10_000;

/**
 * Moves payment requests when their 3.5 job ends: the JobOutcomeBus of the instance that ran the job (fast path),
 * plus a periodic sweep on every instance (the bus is at-most-once; PaymentRequests.applyJobOutcome is idempotent).
 */
@Injectable()
export class PaymentOutcomeListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PaymentOutcomes');
  private unsubscribe: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(
    private readonly bus: JobOutcomeBus,
    private readonly payments: PaymentRequests,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.bus.on<ChangeBalanceJobResult>(CHANGE_BALANCE_JOB_KIND, (event) =>
      this.payments.applyJobOutcome(event.brokerName, event.jobId, event.state, event.result).then(() => undefined),
    );
    this.timer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    await this.sweeping;
  }

  /** Brings every stale `approved` request up to date with its job. */
  sweep(): Promise<void> {
    this.sweeping ??= (async () => {
      try {
        for (const payment of await this.payments.staleApproved(SWEEP_MIN_AGE_MS)) await this.payments.reconcile(payment);
      } catch (error: unknown) {
        this.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'payment sweep failed');
      } finally {
        this.sweeping = null;
      }
    })();
    return this.sweeping;
  }
}
