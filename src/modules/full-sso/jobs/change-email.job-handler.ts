import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { BrokerRegistry } from '../../../kernel/broker-identification';
import { CtraderError, CtraderGateway } from '../../../kernel/ctrader-gateway';
import { UnitOfWork } from '../../../kernel/database';
import { DomainEvents, DurableEvents } from '../../../kernel/events';
import { JobContext, JobHandler, JobHandlerRegistry, JobPermanentError } from '../../../kernel/jobs';
import { TraderUser, UsersService } from '../../../kernel/users';
import { Clock } from '../../../kernel/clock';

export const CHANGE_EMAIL_JOB = 'sso.changeEmail';

export interface ChangeEmailJobPayload {
  userId: number;
  newEmail: string;
}

/**
 * A confirmed email change: 3.10 at cTrader first (repeatable — setting the same address twice is harmless), then
 * the local address, then 'user.emailChanged'. cTrader outages retry; a business refusal (the address is taken
 * at cTrader, the user is unknown there) ends the job dead with cTrader's code and leaves the old address.
 */
@Injectable()
export class ChangeEmailJobHandler implements JobHandler<ChangeEmailJobPayload, { outcome: string }>, OnModuleInit {
  readonly kind = CHANGE_EMAIL_JOB;
  private readonly logger = new Logger('EmailChange');

  constructor(
    private readonly clock: Clock,
    private readonly registry: JobHandlerRegistry,
    private readonly brokers: BrokerRegistry,
    private readonly gateway: CtraderGateway,
    private readonly users: UsersService,
    private readonly events: DomainEvents,
    private readonly durable: DurableEvents,
    private readonly uow: UnitOfWork,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async handle(payload: ChangeEmailJobPayload, context: JobContext): Promise<{ outcome: string }> {
    const broker = this.brokers.findByName(context.brokerName);
    const user = broker ? await this.users.findById(broker.brokerName, Number(payload?.userId)) : null;
    if (!broker || !user || typeof payload.newEmail !== 'string')
      throw new JobPermanentError('user not found', { outcome: 'rejected', errorCode: 'USER_NOT_FOUND' });
    if (user.email === payload.newEmail) return { outcome: 'unchanged' };
    const holder = await this.users.findByEmail(broker.brokerName, payload.newEmail);
    if (holder && holder.id !== user.id) throw new JobPermanentError('the address is used by another user', { outcome: 'rejected', errorCode: 'EMAIL_TAKEN' });
    if (user.ctidUserId !== null) {
      try {
        await this.gateway.changeEmail(broker, { userId: user.ctidUserId, newEmail: payload.newEmail });
      } catch (e) {
        if (e instanceof CtraderError && e.kind === 'rejected') {
          throw new JobPermanentError(`cTrader refused the email change: ${e.errorCode}`, { outcome: 'rejected', errorCode: e.errorCode });
        }
        throw e;
      }
    }
    // The confirmation link went to the new address: it is proven.
    await this.uow.run(async (m) => {
      await m.update(
        TraderUser,
        { id: user.id, brokerName: broker.brokerName },
        { email: payload.newEmail, emailVerifiedAt: this.clock.now(), updatedAt: this.clock.now() },
      );
      await this.durable.emitInTransaction(m, 'user.emailVerified', { brokerName: broker.brokerName, userId: user.id });
    });
    this.logger.log({ brokerName: broker.brokerName, userId: user.id }, 'email changed (3.10 done)');
    await this.events.emit('user.emailChanged', { brokerName: broker.brokerName, userId: user.id });
    return { outcome: 'changed' };
  }
}
