import { Injectable, OnModuleInit } from '@nestjs/common';
import { DomainEvents } from '../events/domain-events';
import { ScreenSessionService } from '../screens/sessions/screen-session.service';

/**
 * A trader who logged out of cTrader (4.5) or whose tokens were revoked (admin, lock) has no screen session left
 * either: SSO, in-app and client-area sessions all end, on every instance (they are rows, not memory).
 */
@Injectable()
export class SessionRevocationListener implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly sessions: ScreenSessionService,
  ) {}

  onModuleInit(): void {
    this.events.on('user.loggedOut', (e) => this.sessions.revokeAllForUser(e.brokerName, e.userId));
    this.events.on('user.tokensRevoked', (e) => this.sessions.revokeAllForUser(e.brokerName, e.userId));
  }
}
