import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ScreenCookiePolicy } from '../screens/security/screen-cookie-policy';

export interface BackOfficeFlashMessage {
  tone: 'success' | 'info' | 'error';
  /** A translation key; params are interpolated (and escaped by the template). */
  key: string;
  params?: Record<string, string | number>;
}

const COOKIE = 'bo_flash';

/**
 * A one-shot message for the page after a post/redirect/get ("Payment approved"): a short-lived cookie read and
 * cleared by the next back-office render. It holds a translation key and its parameters only — nothing secret;
 * what it says is escaped like every other text, so a tampered cookie can only change the owner's own message.
 */
@Injectable()
export class BackOfficeFlash {
  constructor(private readonly cookies: ScreenCookiePolicy) {}

  set(request: FastifyRequest, reply: FastifyReply, message: BackOfficeFlashMessage): void {
    const value = Buffer.from(JSON.stringify(message)).toString('base64url');
    reply.setCookie(this.cookies.name(COOKIE), value, { ...this.attributes(request), maxAge: 60 });
  }

  /** The pending message, if any (and clears it). */
  take(request: FastifyRequest, reply: FastifyReply): BackOfficeFlashMessage | null {
    const raw = (request.cookies as Record<string, string | undefined> | undefined)?.[this.cookies.name(COOKIE)];
    if (!raw) return null;
    reply.clearCookie(this.cookies.name(COOKIE), this.attributes(request));
    try {
      const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<BackOfficeFlashMessage>;
      if (typeof parsed.key !== 'string' || !['success', 'info', 'error'].includes(parsed.tone ?? '')) return null;
      const params = parsed.params && typeof parsed.params === 'object' ? parsed.params : undefined;
      return { tone: parsed.tone!, key: parsed.key.slice(0, 200), params };
    } catch {
      return null;
    }
  }

  private attributes(request: FastifyRequest) {
    const secure = this.cookies.secureContext(request);
    return { path: '/', httpOnly: true, secure, sameSite: 'strict' as const };
  }
}
