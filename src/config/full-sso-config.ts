import { NumberFromText } from './from-env-text';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';

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

/**
 * Proof of email ownership at signup (`brokers[].fullSso.signup`, flows §2.3 "Email ownership"). cTrader trusts
 * whatever userId we return, so with `code` no cTID is created or adopted before the trader typed the 6-digit
 * code we emailed. `none` is for a broker that verifies addresses elsewhere: then an existing cTID is never
 * adopted and cTrader's EMAIL_ALREADY_EXISTS ends with a "log in or reset your password" page.
 */
export class SignupConfig {
  @IsIn(['code', 'none']) emailVerification: 'code' | 'none' = 'code';
  /** Lifetime of a signup code. */
  @NumberFromText() @IsInt() @Min(2) @Max(60) codeTtlMinutes = 10;
  /** Wrong entries one code survives; then a new code must be sent. */
  @NumberFromText() @IsInt() @Min(1) @Max(10) codeMaxAttempts = 5;
  /** Codes (first sends and resends) one address may be sent per hour, across all signups. */
  @NumberFromText() @IsInt() @Min(1) @Max(100) codesPerAddressPerHour = 5;
  /** Codes one client IP may have sent per hour, to any addresses. */
  @NumberFromText() @IsInt() @Min(1) @Max(10_000) codesPerIpPerHour = 20;
}

/** Broker settings of the Full SSO module (`brokers[].fullSso`). */
export class FullSsoConfig {
  @ValidateNested() @Type(() => SignupConfig) signup: SignupConfig = new SignupConfig();
  @ValidateNested() @Type(() => SsoEventNamesConfig) eventNames: SsoEventNamesConfig = new SsoEventNamesConfig();
  /** Lifetime of a reset-password link (spec §2.2: 30 minutes). */
  @NumberFromText() @IsInt() @Min(5) @Max(24 * 60) passwordResetTtlMinutes = 30;
  /** Lifetime of an email-change confirmation link. */
  @NumberFromText() @IsInt() @Min(5) @Max(7 * 24 * 60) emailChangeTtlMinutes = 60;
  /** Reset emails per account per hour (the per-IP throttle is separate); more requests are answered the same way and send nothing. */
  @NumberFromText() @IsInt() @Min(1) @Max(100) resetEmailsPerHour = 3;
  /** Trading accounts one trader may open here (every path: signup, client area, in-app); counted by AccountOpening. */
  @NumberFromText() @IsInt() @Min(1) @Max(1000) maxAccountsPerTrader = 10;
}
