import { createHash, timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AuditService } from '../../../kernel/audit';
import { BrokerRegistry } from '../../../kernel/broker-identification';
import type { BrokerRequest } from '../../../kernel/broker-identification';
import { BasicAuthChallenge, ContractException, ErrorCode } from '../../../kernel/errors';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Equal without leaking where they differ or how long the secret is (both sides hashed to 32 bytes first). */
function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * The Invite webhook's `Authorization: Basic` check (contract §1.4), after the broker ids are resolved:
 * the credential of the resolved broker → through; missing or wrong → 401; the credential of another broker of
 * this deployment → 403 BROKER_ID_MISMATCH (the caller is known, but the broker it names is not its own).
 * Refusals are security audit events (no credential in them).
 */
@Injectable()
export class InviteCredentialGuard implements CanActivate {
  constructor(
    private readonly brokers: BrokerRegistry,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<BrokerRequest>();
    const broker = request.broker!;
    const given = basicCredential(request.headers.authorization);
    const expected = broker.config.partners.webhookCredential;
    if (given !== null && expected !== undefined && sameSecret(given, expected)) return true;
    const other =
      given !== null &&
      this.brokers
        .all()
        .some(
          (b) =>
            b.brokerName !== broker.brokerName && b.config.partners.webhookCredential !== undefined && sameSecret(given, b.config.partners.webhookCredential),
        );
    await this.audit.record({
      brokerName: broker.brokerName,
      category: 'security',
      action: other ? 'invite_webhook.broker_mismatch' : 'invite_webhook.auth_failed',
      actor: `ip:${request.ip}`,
      requestId: String(request.id),
    });
    if (other) throw new ContractException(ErrorCode.BrokerIdMismatch, 'Broker identification parameters do not match expected values');
    throw new BasicAuthChallenge('invite-webhook', 'Invalid or missing webhook credential');
  }
}

/** The decoded `user:password` of a Basic header, or null. */
function basicCredential(header: string | undefined): string | null {
  const match = /^Basic ([A-Za-z0-9+/=]{1,1024})$/i.exec(header?.trim() ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  return decoded.includes(':') ? decoded : null;
}
