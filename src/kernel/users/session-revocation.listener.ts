import { Injectable, OnModuleInit } from '@nestjs/common';
import { DomainEvents } from '../events/domain-events';
import { ScreenSessionService } from '../screens/sessions/screen-session.service';

/**
 * A trader who logged out of cTrader (4.5) or whose tokens were revoked (admin, lock) has no screen session left
 * either: SSO, in-app and client-area sessions all end, on every instance (they are rows, not memory).
 * Still the in-process DomainEvents (issue #20 made module-to-module reactions durable; this is the kernel's own):
 * a crash between the logout/revocation commit and this listener leaves the screen sessions to their own expiry.
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
