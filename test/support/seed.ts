import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { OneTimeTokenService } from '../../src/kernel/tokens/one-time-token.service';
import { TraderUser } from '../../src/kernel/users/trader-user.entity';
import { UsersService } from '../../src/kernel/users/users.service';

let nextCtid = 7_000_001;

/** A complete Full-SSO user (as the signup saga leaves one), straight into the database. */
export async function seedUser(app: NestFastifyApplication, brokerName: string, over: Partial<TraderUser> = {}): Promise<TraderUser> {
  const now = Date.now();
  const ctid = nextCtid++;
  return app
    .get(UsersService)
    .usersOf(brokerName)
    .insert({
      email: `user${ctid}@example.com`,
      passwordHash: null,
      firstName: 'Test',
      lastName: `User${ctid}`,
      country: 'CY',
      preferredLanguage: 'en',
      ctidUserId: ctid,
      emailVerifiedAt: now,
      signupStep: 'complete',
      origin: 'fullSso',
      lockedAt: null,
      attribution: '{}',
      createdAt: now,
      updatedAt: now,
      ...over,
    });
}

/** What the login screen issues on success: a login OT token. */
export function loginToken(app: NestFastifyApplication, brokerName: string, userId: number, keepLoggedIn = true): Promise<string> {
  return app.get(OneTimeTokenService).issue({ brokerName, userId, purpose: 'login', keepLoggedIn });
}
