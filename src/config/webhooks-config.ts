import { BooleanFromText, NumberFromText } from './from-env-text';
import { Secret } from './secret';
import { IsBoolean, IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';

/**
 * Outbound webhooks to the broker's own systems (kernel/webhooks, README "Running next to an existing CRM").
 * Deployment-wide settings; each broker's endpoints live in the database (admin API).
 */
export class WebhooksConfig {
  /**
   * Key that encrypts the endpoints' signing secrets at rest (a secret reference; resolved by the loader). A signing
   * secret must be usable to sign, so it cannot be stored only as a hash: it is stored AES-256-GCM encrypted with a
   * key derived from this value. Unset: endpoints cannot be created (the admin API answers WEBHOOKS_NOT_CONFIGURED).
   */
  @Secret() @IsOptional() @IsString() @MinLength(32) secretKey?: string;
  /**
   * Tests and local development only: allow http:// targets and loopback/private addresses. Production mode
   * refuses the setting (config-loader cross-check), so the SSRF guard cannot be switched off there.
   */
  @BooleanFromText() @IsBoolean() allowPrivateTargets = false;
  /** Whole-request budget of one delivery attempt (connect + answer). */
  @NumberFromText() @IsInt() @Min(100) @Max(30000) timeoutMs = 5000;
  /** Attempts per delivery before it is given up (the job dies; manual redelivery remains). */
  @NumberFromText() @IsInt() @Min(1) @Max(50) maxAttempts = 12;
  /** First retry delay; doubles per attempt (jittered), capped at backoffMaxMs. */
  @NumberFromText() @IsInt() @Min(1) backoffBaseMs = 10000;
  @NumberFromText() @IsInt() @Min(1) backoffMaxMs = 3600000;
  /** An endpoint whose every delivery failed for this long is disabled (audit event webhook.endpoint_auto_disabled). */
  @NumberFromText() @IsInt() @Min(1) @Max(30 * 24 * 60) autoDisableAfterMinutes = 3 * 24 * 60;
  /** How long the previous signing secret keeps signing after a rotation (both signatures are sent meanwhile). */
  @NumberFromText() @IsInt() @Min(0) @Max(30 * 24 * 60) secretOverlapMinutes = 24 * 60;
  /** How much of each answer the delivery log keeps. */
  @NumberFromText() @IsInt() @Min(0) @Max(4096) responseSnippetBytes = 512;
}
