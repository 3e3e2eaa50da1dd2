import { Injectable, OnModuleInit } from '@nestjs/common';
import { BrokerRegistry } from '../../../kernel/broker-identification/broker-registry.service';
import { DomainEvents } from '../../../kernel/events/domain-events';
import { IntroducingBrokerResolver } from '../../../kernel/users/introducing-broker.resolver';
import { UsersService } from '../../../kernel/users/users.service';
import { PartnerAttributionService } from './partner-attribution.service';

/**
 * Where signups reach this module without importing Full SSO: the kernel's domain events (a signup, a new
 * account — either may be the moment a pending Invite attribution finds its user) and the kernel's
 * introducing-broker registry, which account opening asks before 3.3. All three paths are idempotent, so whichever
 * comes first records the attribution and the others find it.
 */
@Injectable()
export class SignupAttributionListener implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly resolver: IntroducingBrokerResolver,
    private readonly brokers: BrokerRegistry,
    private readonly users: UsersService,
    private readonly attribution: PartnerAttributionService,
  ) {}

  onModuleInit(): void {
    this.resolver.register(this.attribution);
    this.events.on('user.signedUp', (e) => this.attribute(e.brokerName, e.userId));
    this.events.on('user.accountCreated', (e) => this.attribute(e.brokerName, e.userId));
  }

  private async attribute(brokerName: string, userId: number): Promise<void> {
    const broker = this.brokers.findByName(brokerName);
    const user = broker && (await this.users.findById(brokerName, userId));
    if (broker && user) await this.attribution.attributeUser(broker, user);
  }
}
