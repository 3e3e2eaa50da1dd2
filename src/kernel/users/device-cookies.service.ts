import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config';
import { ScreenCookiePolicy } from '../screens/security/screen-cookie-policy';
import { Clock } from '../clock';

/** What a valid device cookie says. */
export interface DeviceCookieClaim {
  userId: number;
  /** SHA-256 (hex) of the nonce: the key of the device's failure state (LoginDevice). */
  deviceId: string;
}

/** `v1.<userId>.<issuedAt seconds>.<nonce>.<HMAC>`; anything else is not ours and is ignored. */
const FORMAT = /^v1\.([1-9][0-9]{0,15})\.([0-9]{1,12})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

/**
 * Device cookies (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): issued by every successful
 * password login, they let PasswordLogin tell the trader's own browsers from a stranger's. Stateless and signed:
 * HMAC-SHA256 over the broker, the user, the issue time and a random nonce, so a cookie cannot be forged, moved to
 * another user or to another broker, or kept beyond `loginProtection.deviceCookieTtlDays`. One cookie per broker
 * (white labels on one host keep theirs apart), HttpOnly, with the screens' cookie attributes (ScreenCookiePolicy:
 * Secure, SameSite=None, Partitioned where the browser accepts them) and a long Max-Age.
 */
@Injectable()
export class DeviceCookies {
  private readonly logger = new Logger('DeviceCookies');
  private readonly key: Buffer;

  constructor(
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly policy: ScreenCookiePolicy,
  ) {
    const secret = config.loginProtection.deviceCookieSecret;
    if (!secret) {
      this.logger.warn(
        'loginProtection.deviceCookieSecret is not set: device cookies use a per-process key (they lapse on restart and are not shared by instances)',
      );
    }
    // Domain separation: the configured secret is never used as a key directly.
    this.key = createHmac('sha256', secret ?? randomBytes(32))
      .update('login-device-cookie:v1')
      .digest();
  }

  cookieName(brokerName: string): string {
    return this.policy.name(`device.${brokerName}`);
  }

  /** A fresh cookie value for this broker's user. */
  sign(brokerName: string, userId: number, now = this.clock.now()): string {
    const issued = String(Math.floor(now / 1000));
    const nonce = randomBytes(16).toString('base64url');
    return `v1.${userId}.${issued}.${nonce}.${this.mac(brokerName, String(userId), issued, nonce)}`;
  }

  /** The claim of a value presented to `brokerName`, or null (absent, malformed, forged, other broker, expired). */
  open(brokerName: string, value: string | undefined, now = this.clock.now()): DeviceCookieClaim | null {
    const m = typeof value === 'string' ? FORMAT.exec(value) : null;
    if (!m) return null;
    const [, userId, issued, nonce, mac] = m;
    const expected = Buffer.from(this.mac(brokerName, userId, issued, nonce));
    if (!timingSafeEqual(expected, Buffer.from(mac))) return null;
    const issuedMs = Number(issued) * 1000;
    if (issuedMs > now + 60_000 || issuedMs + this.config.loginProtection.deviceCookieTtlDays * 86_400_000 <= now) return null;
    return { userId: Number(userId), deviceId: createHash('sha256').update(nonce).digest('hex') };
  }

  /** The raw cookie this browser presents for the broker. */
  read(request: FastifyRequest, brokerName: string): string | undefined {
    const value = request.cookies?.[this.cookieName(brokerName)];
    return typeof value === 'string' ? value : undefined;
  }

  /** Sets a new device cookie (a new nonce: the previous one's failure state no longer matters). */
  issue(reply: FastifyReply, brokerName: string, userId: number): void {
    const maxAge = this.config.loginProtection.deviceCookieTtlDays * 86_400;
    reply.setCookie(this.cookieName(brokerName), this.sign(brokerName, userId), this.policy.attributes(reply.request, maxAge));
  }

  private mac(brokerName: string, userId: string, issued: string, nonce: string): string {
    return createHmac('sha256', this.key).update(`${brokerName}\n${userId}\n${issued}\n${nonce}`).digest('base64url');
  }
}
