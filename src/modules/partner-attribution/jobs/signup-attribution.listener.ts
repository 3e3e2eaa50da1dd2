import { Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleKey } from '../../../config/module-key';
import { BrokerRegistry } from '../../../kernel/broker-identification';
import { DurableEvents } from '../../../kernel/events';
import { IntroducingBrokerResolver, UsersService } from '../../../kernel/users';
import { PartnerAttributionService } from '../services/partner-attribution.service';

/**
 * Where signups reach this module without importing Full SSO: the kernel's durable events (a signup, a new
 * account — either may be the moment a pending Invite attribution finds its user; a job written in the signup's
 * transaction, so a crash after the commit does not lose it) and the kernel's introducing-broker registry, which
 * account opening asks before 3.3. All three paths are idempotent (attributeUser records at most one attribution
 * per user and finds an existing one), so whichever comes first records the attribution, the others — and a
 * reaction run twice — find it.
 */
@Injectable()
export class SignupAttributionListener implements OnModuleInit {
  constructor(
    private readonly events: DurableEvents,
    private readonly resolver: IntroducingBrokerResolver,
    private readonly brokers: BrokerRegistry,
    private readonly users: UsersService,
    private readonly attribution: PartnerAttributionService,
  ) {}

  onModuleInit(): void {
    this.resolver.register(this.attribution);
    // No job for a broker without partner attribution (attributeUser would do nothing there).
    const onlyIf = (_m: unknown, e: { brokerName: string }) =>
      Promise.resolve(this.brokers.findByName(e.brokerName)?.modules.has(ModuleKey.PartnerAttribution) ?? false);
    this.events.react('user.signedUp', 'attribution.userSignedUp', (e) => this.attribute(e.brokerName, e.userId), { onlyIf });
    this.events.react('user.accountCreated', 'attribution.accountCreated', (e) => this.attribute(e.brokerName, e.userId), { onlyIf });
  }

  private async attribute(brokerName: string, userId: number): Promise<void> {
    const broker = this.brokers.findByName(brokerName);
    const user = broker && (await this.users.findById(brokerName, userId));
    if (broker && user) await this.attribution.attributeUser(broker, user);
  }
}
