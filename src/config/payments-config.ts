import { Secret } from './secret';
import { NumberFromText } from './from-env-text';
import { Type } from 'class-transformer';
import {
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsLocalizedText, LocalizedText } from './localized-text';

/** The payment providers this project ships (docs/payments.md). */
export const PAYMENT_PROVIDER_KEYS = ['manual', 'hosted'] as const;
export type PaymentProviderKey = (typeof PAYMENT_PROVIDER_KEYS)[number];

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/** Min/max of one kind of movement, in minor units of the account currency (1000 = 10.00 with 2 digits). */
export class PaymentLimitsConfig {
  @NumberFromText() @IsInt() @Min(1) minMinor = 1000;
  @NumberFromText() @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) maxMinor = 10_000_000;
}

/** Bank-wire style deposits/withdrawals: the trader sees instructions, an admin approves or rejects in the console. */
export class ManualProviderConfig {
  /**
   * What the deposit screen shows after the request is stored. Placeholders: {reference}, {amount}, {currency}.
   * Shown as plain text (escaped), line breaks kept. One string, or one per language (LocalizedText).
   */
  @IsLocalizedText({ max: 2000 }) depositInstructions: LocalizedText = 'Transfer {amount} {currency} to our bank account and quote the reference {reference}.';
}

/**
 * A hosted payment page: the trader is redirected to `paymentPageUrl` (query signed with the secret), the provider
 * calls our callback with an HMAC-SHA256 signature made with the same secret (docs/payments.md).
 */
export class HostedProviderConfig {
  @IsUrl(URL_OPTIONS) paymentPageUrl: string;
  /** Shared HMAC secret (a secret reference in YAML; resolved by the loader). */
  @Secret() @IsString() @MinLength(16, { message: 'payments.hosted.callbackSecret must be at least 16 characters' }) callbackSecret: string;
  /** A callback whose timestamp is further than this from our clock is refused (replay window). */
  @NumberFromText() @IsInt() @Min(10) @Max(3600) callbackToleranceSeconds = 300;
}

/**
 * Four-eyes (issue #19): a request of at least this amount (in major units of the account currency, e.g. 1000 =
 * 1000.00 USD) needs a second approval by a different person before its balance change is queued. Unset = one
 * approval suffices.
 */
export class FourEyesConfig {
  @NumberFromText() @IsOptional() @IsInt() @Min(0) withdrawalsFrom?: number;
  @NumberFromText() @IsOptional() @IsInt() @Min(0) depositsFrom?: number;
}

/** Per-broker payments (issue #6): which providers, which currencies, what limits. */
export class PaymentsConfig {
  /** Providers offered on the deposit screen, in this order. Withdrawals always use `manual` (an admin pays out). */
  @IsArray() @ArrayUnique() @IsIn(PAYMENT_PROVIDER_KEYS, { each: true }) providers: PaymentProviderKey[] = ['manual'];
  /** Account currencies that may be paid in or out here; an account in another currency is refused. */
  @IsArray() @Matches(/^[A-Z]{3}$/, { each: true }) currencies: string[] = ['USD', 'EUR'];
  @ValidateNested() @Type(() => PaymentLimitsConfig) deposit: PaymentLimitsConfig = new PaymentLimitsConfig();
  @ValidateNested() @Type(() => PaymentLimitsConfig) withdrawal: PaymentLimitsConfig = new PaymentLimitsConfig();
  @ValidateNested() @Type(() => FourEyesConfig) fourEyes: FourEyesConfig = new FourEyesConfig();
  @ValidateNested() @Type(() => ManualProviderConfig) manual: ManualProviderConfig = new ManualProviderConfig();
  /** Required when `providers` lists `hosted`. */
  @ValidateIf((o: PaymentsConfig) => o.hosted !== undefined || (Array.isArray(o.providers) && o.providers.includes('hosted')))
  @IsDefined({ message: 'payments.hosted is required when payments.providers lists hosted' })
  @ValidateNested()
  @Type(() => HostedProviderConfig)
  hosted?: HostedProviderConfig;
}
