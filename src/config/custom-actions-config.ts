import { BooleanFromText } from './from-env-text';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsUrl,
  Matches,
  Validate,
  ValidateIf,
  ValidateNested,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { IsLocalizedText, LocalizedText } from './localized-text';

export type { LocalizedText } from './localized-text';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/** The screens an action may open instead of an external URL. */
export const BUILTIN_ACTION_PAGES = ['kyc', 'chat', 'deposit', 'withdraw', 'info'] as const;
export type BuiltinActionPage = (typeof BUILTIN_ACTION_PAGES)[number];

/** `actionType` values cTrader may send: URL-safe, bounded. */
export const ACTION_TYPE = /^[A-Za-z0-9_.-]{1,64}$/;

@ValidatorConstraint({ name: 'actionTypeKeys' })
class ActionTypeKeysConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return value instanceof Map && [...value.keys()].every((k) => typeof k === 'string' && ACTION_TYPE.test(k));
  }

  defaultMessage(): string {
    return 'actions must map actionType keys (letters, digits, _ . -; at most 64) to actions';
  }
}

/**
 * One broker-defined in-app action (spec §2.2 "Custom action"): the app opens `/inapp/action?actionType=<key>`.
 * Either `url` (an external page; we redirect to exactly this URL, never to one taken from the request) or
 * `builtin` (one of our screens; `info` renders `text`).
 */
export class CustomActionConfig {
  @IsLocalizedText({ max: 200 }) title: LocalizedText;
  @ValidateIf((a: CustomActionConfig) => a.builtin === undefined)
  @IsUrl(URL_OPTIONS, { message: 'an action needs url (https://…) or builtin' })
  url?: string;
  @ValidateIf((a: CustomActionConfig) => a.url === undefined || a.builtin !== undefined)
  @IsIn(BUILTIN_ACTION_PAGES, { message: `builtin must be one of ${BUILTIN_ACTION_PAGES.join(', ')} (and not given together with url)` })
  builtin?: BuiltinActionPage;
  /** The body of a `builtin: info` page. */
  @ValidateIf((a: CustomActionConfig) => a.builtin === 'info' || a.text !== undefined)
  @IsLocalizedText()
  text?: LocalizedText;
  /** Firebase event name sent with the redirect to a built-in screen (spec §2.1); default: the incoming one. */
  @IsOptional() @Matches(/^[A-Za-z][A-Za-z0-9_]{0,39}$/) eventName?: string;
}

/** The support / chat page (`/inapp/chat`). */
export class ChatConfig {
  /** The broker's support page or chat widget URL. */
  @IsUrl(URL_OPTIONS) url: string;
  /** Show it inside our page (iframe; the URL's origin is added to frame-src) instead of a link that opens it. */
  @BooleanFromText() @IsBoolean() embed = false;
}

/** Custom actions and chat of one broker (module inappActions). */
export class CustomActionsConfig {
  /** actionType → action. */
  @ValidateNested({ each: true })
  @Type(() => CustomActionConfig)
  @Validate(ActionTypeKeysConstraint)
  actions: Map<string, CustomActionConfig> = new Map();
  @IsOptional() @ValidateNested() @Type(() => ChatConfig) chat?: ChatConfig;
}
