import { Secret } from './secret';
import { NumberFromText } from './from-env-text';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/**
 * Partner attribution settings of one broker (`brokers[].partners`, issue #8). Every field has a default, so a
 * broker that only switches the module on gets user-level referral ids, first-touch attribution and no webhook.
 */
export class PartnersConfig {
  /**
   * Where 3.6 puts a partner's id at cTrader: on the partner's cTID (`user`) or on each of the partner's linked
   * trading accounts (`account`; a partner without a linked account falls back to the user level).
   */
  @IsIn(['user', 'account']) referralLevel: 'user' | 'account' = 'user';

  /**
   * First touch wins. With N > 0 a later attribution (Invite webhook) may move a trader to another partner within
   * N days of the first attribution; 0 never reattributes.
   */
  @NumberFromText() @IsInt() @Min(0) @Max(3650) reattributionDays = 0;

  /**
   * The Invite webhook's Basic credential, `user:password` (resolved from a secret reference; the header carries
   * its base64). Unset: the webhook answers 401 to everyone for this broker.
   */
  @Secret()
  @IsOptional()
  @IsString()
  @MinLength(8)
  @Matches(/^[^:]+:.+$/, { message: 'partners.webhookCredential must be user:password' })
  webhookCredential?: string;

  /**
   * The page referral links point at (default: our own login/signup screen under server.baseUrl). The link
   * always carries partnerId, brokerName and firstLogin=true.
   */
  @IsOptional() @IsUrl(URL_OPTIONS) referralBaseUrl?: string;

  /** Generated partner ids start with this (URL-safe); the rest is random. */
  @Matches(/^[A-Za-z0-9_-]{0,8}$/) partnerIdPrefix = 'p';
}
