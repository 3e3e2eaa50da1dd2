import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hashPasswordSync, verifyPasswordHash } from '../../lib/crypto/password-hash';
import { TraderUser } from './trader-user.entity';
import { normalizeEmail, UsersService } from './users.service';

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;
/** Verified when the email is unknown, so an unknown email costs the same time as a wrong password. */
const DUMMY_HASH = hashPasswordSync(randomBytes(16).toString('hex'));

/**
 * Email + password → the user, or null — the one credential check behind every login form (SSO login screen,
 * client area). Null never says why (unknown email, wrong password, no password yet, locked): spec §2.1.
 */
@Injectable()
export class PasswordLogin {
  constructor(private readonly users: UsersService) {}

  async verify(brokerName: string, email: string, password: string): Promise<TraderUser | null> {
    const normalized = normalizeEmail(email);
    const user = EMAIL.test(normalized) ? await this.users.findByEmail(brokerName, normalized) : null;
    const ok = await verifyPasswordHash(password.slice(0, 200), user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || user.lockedAt !== null) return null;
    return user;
  }
}
