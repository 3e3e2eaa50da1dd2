import { Secret } from './secret';
import { NumberFromText } from './from-env-text';
import { IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';

/**
 * Brute-force protection of every password login (kernel PasswordLogin), OWASP's "device cookie" scheme:
 *
 * - A browser that logged in successfully carries a signed device cookie (per broker, naming the user). From such
 *   a trusted device, wrong passwords count against that device only: after `maxFailedAttemptsPerDevice` in a row
 *   the cookie is distrusted for `lockoutMinutes` (it then counts as an untrusted device).
 * - Every other browser (no cookie, a forged or expired one, one for another user or another broker, a locked
 *   one) is untrusted: after `maxFailedAttempts` wrong passwords in a row from untrusted devices the account refuses
 *   untrusted logins for `lockoutMinutes`, whatever the password. A trusted device still logs in meanwhile, so a
 *   stranger who knows the email cannot lock the trader out.
 * Each lockout writes a security audit event; an admin unlock lifts both kinds. The per-IP throttles are separate.
 */
export class LoginProtectionConfig {
  @NumberFromText() @IsInt() @Min(1) @Max(1000) maxFailedAttempts = 5;
  @NumberFromText() @IsInt() @Min(1) @Max(24 * 60) lockoutMinutes = 15;
  @NumberFromText() @IsInt() @Min(1) @Max(1000) maxFailedAttemptsPerDevice = 5;
  /** How long a device cookie stays valid after the login that issued it (each successful login issues a new one). */
  @NumberFromText() @IsInt() @Min(1) @Max(3650) deviceCookieTtlDays = 180;
  /**
   * HMAC key of the device cookies (a secret reference; resolved by the loader). Unset: a random key per process,
   * so device cookies lapse on restart and are not shared by several instances (they then count as untrusted —
   * the protection degrades to the per-account lockout, never below it). Set it in any multi-instance deployment.
   */
  @Secret() @IsOptional() @IsString() @MinLength(32) deviceCookieSecret?: string;
}
