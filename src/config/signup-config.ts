import { BooleanFromText } from './from-env-text';
import {
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsUrl,
  Matches,
  ValidateIf,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { ISO_COUNTRY_CODES } from './iso-countries';
import { IsLocalizedText, LocalizedText } from './localized-text';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/** The consents that have default labels in every shipped language; any other key needs its own `label`. */
export const KNOWN_CONSENT_KEYS = ['terms', 'privacy', 'marketing'] as const;

/**
 * One consent on the signup form (`brokers[].consents[]`): a checkbox linking to the broker's document. Each one
 * ticked is stored with its version, time and IP (table trader_consent). `terms` is the form's agreement: when
 * `requireAgreement` is on, signup also records it on cTrader (3.13).
 */
export class ConsentConfig {
  @Matches(/^[a-z][a-zA-Z0-9_-]{0,39}$/, { message: 'consents[].key must be letters, digits, _ or - (starting with a lower-case letter, at most 40)' })
  key: string;
  /** Checkbox text per language or one string; default for terms/privacy/marketing in every shipped language. */
  @ValidateIf((c: ConsentConfig) => c.label !== undefined || !(KNOWN_CONSENT_KEYS as readonly string[]).includes(c.key))
  @IsLocalizedText(
    { max: 500 },
    { message: 'consents[].label is required for a key other than terms, privacy or marketing (a text or a map of languages to texts)' },
  )
  label?: LocalizedText;
  /** The document (shown as a link beside the checkbox). */
  @IsOptional() @IsUrl(URL_OPTIONS) url?: string;
  /** The document's version, stored with each acceptance (e.g. "2026-01"). */
  @Matches(/^[A-Za-z0-9._:-]{1,40}$/, { message: 'consents[].version must be 1-40 letters, digits, . _ : -' }) version: string;
  /** Signup is refused unless it is ticked. */
  @BooleanFromText() @IsBoolean() required = false;
}

/**
 * The countries of residence offered on the signup form (`brokers[].countries`). Default: every ISO 3166-1
 * country, none blocked. `allowed` narrows the list to those; `blocked` removes some (wins over `allowed`).
 */
export class CountriesConfig {
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(ISO_COUNTRY_CODES, { each: true, message: 'countries.allowed must be ISO 3166-1 alpha-2 codes (upper case, e.g. CY)' })
  allowed?: string[];
  @IsArray()
  @ArrayUnique()
  @IsIn(ISO_COUNTRY_CODES, { each: true, message: 'countries.blocked must be ISO 3166-1 alpha-2 codes (upper case, e.g. US)' })
  blocked: string[] = [];
}

/**
 * `brokers[].consents` as a whole: keys unique, and when `requireAgreement` is on and consents are listed, one of
 * them is a required `terms` (the agreement 3.13 records on cTrader must be one the trader actually ticked).
 */
@ValidatorConstraint({ name: 'brokerConsents' })
export class BrokerConsentsConstraint implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    if (!Array.isArray(value)) return false;
    const keys = value.map((c: ConsentConfig) => c?.key);
    if (new Set(keys).size !== keys.length) return false;
    const requireAgreement = (args.object as { requireAgreement?: boolean }).requireAgreement === true;
    return !requireAgreement || value.length === 0 || value.some((c: ConsentConfig) => c?.key === 'terms' && c.required === true);
  }

  defaultMessage(): string {
    return 'consents must have unique keys, and with requireAgreement: true they must include { key: terms, required: true }';
  }
}
