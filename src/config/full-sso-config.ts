import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';

/** Firebase event names are letters, digits and underscores, starting with a letter, at most 40 long. */
const FIREBASE_EVENT = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const message = 'must be a Firebase event name (letters, digits, _; starts with a letter; ≤ 40)';

/**
 * The Firebase event name (spec §2.1 `eventName`) carried by every link or redirect INTO a step. A step without
 * one keeps the incoming eventName unchanged.
 */
export class SsoEventNamesConfig {
  @IsOptional() @Matches(FIREBASE_EVENT, { message }) login?: string;
  @IsOptional() @Matches(FIREBASE_EVENT, { message }) signup?: string;
  @IsOptional() @Matches(FIREBASE_EVENT, { message }) accountCreate?: string;
  @IsOptional() @Matches(FIREBASE_EVENT, { message }) success?: string;
  @IsOptional() @Matches(FIREBASE_EVENT, { message }) resetPassword?: string;
  @IsOptional() @Matches(FIREBASE_EVENT, { message }) changePassword?: string;
  @IsOptional() @Matches(FIREBASE_EVENT, { message }) changeEmail?: string;
}

/** Broker settings of the Full SSO module (`brokers[].fullSso`). */
export class FullSsoConfig {
  @ValidateNested() @Type(() => SsoEventNamesConfig) eventNames: SsoEventNamesConfig = new SsoEventNamesConfig();
  /** Lifetime of a reset-password link (spec §2.2: 30 minutes). */
  @IsInt() @Min(5) @Max(24 * 60) passwordResetTtlMinutes = 30;
  /** Lifetime of an email-change confirmation link. */
  @IsInt() @Min(5) @Max(7 * 24 * 60) emailChangeTtlMinutes = 60;
  /** Reset emails per account per hour (the per-IP throttle is separate); more requests are answered the same way and send nothing. */
  @IsInt() @Min(1) @Max(100) resetEmailsPerHour = 3;
  /** Trading accounts one trader may open here (every path: signup, client area, in-app); counted by AccountOpening. */
  @IsInt() @Min(1) @Max(1000) maxAccountsPerTrader = 10;
}
