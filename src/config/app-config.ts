import { Secret } from './secret';
import { NumberFromText, BooleanFromText } from './from-env-text';
import { Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  Validate,
  ValidateNested,
} from 'class-validator';
import { CustomActionsConfig } from './custom-actions-config';
import { KycConfig } from './kyc-config';
import { ModuleKey } from './module-key';
import { PaymentsConfig } from './payments-config';
import { RibbonsConfig } from './ribbons-config';
import { FullSsoConfig } from './full-sso-config';
import { LoginProtectionConfig } from './login-protection-config';
import { UserImportConfig } from './user-import-config';
import { MailConfig } from './mail-config';
import { PartnersConfig } from './partners-config';
import { WebhooksConfig } from './webhooks-config';
import { IsLocalizedText, LocalizedText } from './localized-text';
import { BrokerConsentsConstraint, ConsentConfig, CountriesConfig } from './signup-config';

/**
 * The typed, validated configuration. Field defaults live here so `config/default.yaml` only needs to say
 * what differs. Secret fields are resolved to plain strings by the loader (they stay references in YAML).
 */

const URL_SAFE_ID = /^[A-Za-z0-9._~-]+$/;
const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

export class TlsConfig {
  @IsString() certFile: string;
  @IsString() keyFile: string;
}

export class ServerConfig {
  @NumberFromText() @IsInt() @Min(0) @Max(65535) port = 3000;
  @IsString() host = '0.0.0.0';
  /** Public base URL of this server (links in emails, referral links, redirects). Default: http://localhost:<port>. */
  @IsOptional() @IsUrl(URL_OPTIONS) baseUrl: string;
  /** Optional global path prefix (some brokers register `…/cid`). Empty or `/something`. */
  @Matches(/^(\/[A-Za-z0-9._~-]+)*$/, { message: 'basePath must be empty or like /prefix' }) basePath = '';
  /** Production mode: HTTPS enforced, HSTS sent, demo secrets refused. Set by NODE_ENV=production. */
  @BooleanFromText() @IsBoolean() production = false;
  @IsOptional() @ValidateNested() @Type(() => TlsConfig) tls?: TlsConfig;
  /** Proxies whose X-Forwarded-Proto/For are honoured (IPs or CIDRs). Nothing else is trusted. */
  @IsArray() @IsString({ each: true }) trustedProxies: string[] = [];
  @NumberFromText() @IsInt() @Min(1024) @Max(50 * 1024 * 1024) bodyLimitBytes = 1024 * 1024;
  /**
   * On SIGTERM/SIGINT: how long in-flight requests and running jobs may take to finish before the process exits
   * anyway (a job cut short keeps its lease until it expires; another instance then takes it over). Under
   * Docker's 10 s stop timeout, after which the container is killed.
   */
  @NumberFromText() @IsInt() @Min(0) @Max(600_000) shutdownTimeoutMs = 8000;
}

export class DatabaseConfig {
  /** `sqlite:<file>` (embedded default) or `postgres://…`. */
  @Matches(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, { message: 'database.url must be sqlite:<file> or postgres://…' })
  url: string;
  /** PostgreSQL schema (created if missing). Tests and CI use a fresh one per run. */
  @IsOptional() @Matches(/^[a-z_][a-z0-9_]{0,62}$/) schema?: string;
  @BooleanFromText() @IsBoolean() migrationsRun = true;
  @BooleanFromText() @IsBoolean() logging = false;
}

export class TokenConfig {
  /** Contract 4.1: at least 7 days. */
  @NumberFromText() @IsInt() @Min(7, { message: 'tokens.crmApiTokenTtlDays must be at least 7 (contract 4.1)' }) crmApiTokenTtlDays = 14;
  @NumberFromText() @IsInt() @Min(1) accessTokenTtlDays = 90;
  /** Contract §1.6: one-time tokens live 60 s. Configurable only downwards for tests. */
  @NumberFromText() @IsInt() @Min(1) @Max(60) oneTimeTokenTtlSeconds = 60;
  @NumberFromText() @IsInt() @Min(1) @Max(24 * 60) screenSessionIdleMinutes = 30;
}

const CTRADER_METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;
type CtraderConfiguredMethod = (typeof CTRADER_METHODS)[number];

/**
 * Calls whose path or method is not legible in any published version of the docs, or where the versions disagree
 * (contract §1.5, "Our decision"): the defaults are our readings, and a broker corrects them here without a release.
 */
export class CtraderPathsConfig {
  /** 3.11 path (a reading). */
  @Matches(/^\/[\w\-/]+$/) userIdByEmail = '/oauth2/ctid/userId';
  /** 3.12 path (a reading). */
  @Matches(/^\/[\w\-/]+$/) logout = '/oauth2/ctid/logout';
  /** 3.12 method (a reading). */
  @IsIn(CTRADER_METHODS) logoutMethod: CtraderConfiguredMethod = 'POST';
  /** 3.13 path (a reading). */
  @Matches(/^\/[\w\-/]+$/) acceptAgreement = '/oauth2/ctid/acceptAgreement';
  /** 3.13 method (a reading). */
  @IsIn(CTRADER_METHODS) acceptAgreementMethod: CtraderConfiguredMethod = 'PUT';
}

/**
 * A read that confirms whether a 3.5 `externalId` went through. The WebServices reference documents none (contract
 * §1.5), so it is off by default and the changebalance job sends an unknown outcome to reconciliation by staff. Turn it
 * on only where Spotware has confirmed such a read for the deployment, with its path and field names.
 */
export class BalanceHistorySourceConfig {
  @BooleanFromText() @IsBoolean() enabled = false;
  /** GET path below `/v2`, with `{login}` for the trading account. */
  @Matches(/^\/webserv\/[\w\-/]*\{login\}[\w\-/]*$/, { message: 'ctrader.reconciliation.balanceHistory.path must start with /webserv/ and contain {login}' })
  path = '/webserv/traders/{login}/balancehistory';
  /** The answer's field holding the list of entries. */
  @Matches(/^\w{1,64}$/) listField = 'balanceHistory';
  /** An entry's field holding the externalId we sent. */
  @Matches(/^\w{1,64}$/) externalIdField = 'externalId';
  /** An entry's field holding its id (recorded as the payment's balanceHistoryId). */
  @Matches(/^\w{1,64}$/) balanceHistoryIdField = 'balanceHistoryId';
}

export class CtraderReconciliationConfig {
  @ValidateNested() @Type(() => BalanceHistorySourceConfig) balanceHistory: BalanceHistorySourceConfig = new BalanceHistorySourceConfig();
}

export class CtraderConfig {
  /** `https://HOST:PORT` of the broker's cTrader, or `simulator` for the built-in one. */
  @Matches(/^(simulator|https?:\/\/[^\s/]+)$/, { message: 'ctrader.url must be https://HOST:PORT or "simulator"' })
  url: string;
  @NumberFromText() @IsInt() @Min(1) managerLogin: number;
  /** Resolved from a secret reference. */
  @Secret() @IsString() @MinLength(1) managerPassword: string;
  @NumberFromText() @IsInt() @Min(100) @Max(120000) timeoutMs = 10000;
  /** Pacing of non-GET calls (cTrader rate-limits them per hour, threshold unpublished). */
  @NumberFromText() @IsInt() @Min(1) @Max(1000) nonGetPerSecond = 10;
  @ValidateNested() @Type(() => CtraderPathsConfig) paths: CtraderPathsConfig = new CtraderPathsConfig();
  @ValidateNested() @Type(() => CtraderReconciliationConfig) reconciliation: CtraderReconciliationConfig = new CtraderReconciliationConfig();
}

export class BrandingConfig {
  @IsString() @MinLength(1) name: string;
  /** Per language or one string (LocalizedText; resolved for the screen's or email's language). */
  @IsLocalizedText({ max: 300 }) legalEntity: LocalizedText;
  /** The regulatory line under every screen and email; per language or one string ('' shows none). */
  @IsLocalizedText({ max: 2000, allowEmpty: true }) jurisdiction: LocalizedText = '';
  @IsOptional() @IsUrl(URL_OPTIONS) logoUrl?: string;
  @Matches(HEX_COLOR) primaryColor = '#0b5fff';
  @IsString() @Matches(/^[a-z]{2}$/) defaultLanguage = 'en';
}

export class TradingConfig {
  @IsString() @MinLength(1) groupName = 'Default';
  @ArrayNotEmpty() @Matches(/^[A-Z]{3}$/, { each: true }) currencies: string[] = ['USD'];
  @ArrayNotEmpty() @IsInt({ each: true }) @Min(1, { each: true }) leverages: number[] = [100];
  @ArrayNotEmpty() @IsIn(['HEDGED', 'NETTED', 'SPREAD_BETTING'], { each: true }) accountTypes: string[] = ['HEDGED'];
  /**
   * 3.4's environmentName: a free name from Spotware (`live`, `demo`, `live2`…), not an enum. At most 8 characters:
   * it is stored with each trading account (trading_account.environment, varchar(8)).
   */
  @Matches(/^[a-z0-9][a-z0-9_.-]{0,7}$/, {
    message: 'trading.environment must be an environment name such as live, demo or live2 (1-8 lower-case letters, digits, _ . -)',
  })
  environment = 'live';
}

export class BrokerConfig {
  @Matches(URL_SAFE_ID, { message: 'brokerName must be URL-safe' }) brokerName: string;
  @Matches(URL_SAFE_ID, { message: 'brokerCrmName must be URL-safe' }) brokerCrmName: string;
  /** Broker gate (ARCHITECTURE.md §2): the modules this broker uses. */
  @IsArray() @ArrayUnique() @IsEnum(ModuleKey, { each: true }) modules: ModuleKey[] = [];
  /** Host names mapped to this broker when a request carries no ids (contract §1.2). */
  @IsArray() @IsString({ each: true }) hosts: string[] = [];
  /** Slow hashes of the 4.1 password(s); several allow rotation. */
  @Secret({ literal: true })
  @IsArray()
  @Matches(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=_-]+\$[A-Za-z0-9+/=_-]+$/, {
    each: true,
    message: 'crmApiPasswords entries must be scrypt hashes (npm run admin -- hash-password)',
  })
  crmApiPasswords: string[] = [];
  @BooleanFromText() @IsBoolean() inappTokenEnabled = true;
  /** Signup asks for the broker's agreement and records it on cTrader (3.13). */
  @BooleanFromText() @IsBoolean() requireAgreement = false;
  @IsOptional() @IsUrl(URL_OPTIONS) agreementUrl?: string;
  /** Checkboxes on the signup form, each stored when ticked (README "Consents, countries and per-language texts"). */
  @IsArray() @ValidateNested({ each: true }) @Type(() => ConsentConfig) @Validate(BrokerConsentsConstraint) consents: ConsentConfig[] = [];
  /** Countries of residence offered on the signup form (default: every ISO country, none blocked). */
  @ValidateNested() @Type(() => CountriesConfig) countries: CountriesConfig = new CountriesConfig();
  @ValidateNested() @Type(() => CtraderConfig) ctrader: CtraderConfig;
  @IsOptional() @IsUrl(URL_OPTIONS) successUrl?: string;
  @IsOptional() @IsUrl(URL_OPTIONS) closeUrl?: string;
  @IsOptional() @IsUrl(URL_OPTIONS) ctraderWebUrl?: string;
  /** Origins allowed to frame our screens (cTrader apps, the broker's client area). Never `*`. */
  @IsArray() @IsUrl(URL_OPTIONS, { each: true }) frameAncestors: string[] = [];
  @ValidateNested() @Type(() => BrandingConfig) branding: BrandingConfig;
  @ValidateNested() @Type(() => TradingConfig) trading: TradingConfig = new TradingConfig();
  @ValidateNested() @Type(() => PaymentsConfig) payments: PaymentsConfig = new PaymentsConfig();
  @ValidateNested() @Type(() => KycConfig) kyc: KycConfig = new KycConfig();
  @ValidateNested() @Type(() => CustomActionsConfig) customActions: CustomActionsConfig = new CustomActionsConfig();
  @ValidateNested() @Type(() => RibbonsConfig) ribbons: RibbonsConfig = new RibbonsConfig();
  @ValidateNested() @Type(() => FullSsoConfig) fullSso: FullSsoConfig = new FullSsoConfig();
  @ValidateNested() @Type(() => PartnersConfig) partners: PartnersConfig = new PartnersConfig();
}

export class SimulatorConfig {
  /** Start the built-in cTrader simulator in-process (demo and tests). */
  @BooleanFromText() @IsBoolean() embedded = false;
  @NumberFromText() @IsInt() @Min(0) @Max(65535) port = 3100;
}

/** Back-office people (issue #19): sessions, invitations, login throttle. */
export class StaffConfig {
  /** A session unused for this long ends (the next request needs a new login). */
  @NumberFromText() @IsInt() @Min(1) @Max(24 * 60) sessionIdleMinutes = 30;
  /** A session ends this long after its login, however busy. */
  @NumberFromText() @IsInt() @Min(1) @Max(7 * 24) sessionAbsoluteHours = 12;
  /** How long an invitation link may be used (once). */
  @NumberFromText() @IsInt() @Min(1) @Max(30 * 24) inviteTtlHours = 72;
  /** Password logins (and 2FA codes) per email within loginWindowMinutes; beyond: 429 RATE_LIMITED. */
  @NumberFromText() @IsInt() @Min(1) @Max(1000) maxLoginAttempts = 5;
  /** Password logins per client IP within loginWindowMinutes (an office shares one address: higher). */
  @NumberFromText() @IsInt() @Min(1) @Max(100000) maxLoginAttemptsPerIp = 50;
  @NumberFromText() @IsInt() @Min(1) @Max(24 * 60) loginWindowMinutes = 15;
  /** The issuer the authenticator app shows next to the code. */
  @IsString() @MinLength(1) totpIssuer = 'Back office';
}

export class AdminConfig {
  @ValidateNested() @Type(() => StaffConfig) staff: StaffConfig = new StaffConfig();
  /** A bootstrap admin key (demo: DEMO_ADMIN_KEY or generated and printed once). Resolved secret. */
  @Secret() @IsOptional() @IsString() @MinLength(24) bootstrapKey?: string;
  /** The brokers the bootstrap key may administer (default: all). */
  @IsArray() @IsString({ each: true }) bootstrapKeyBrokers: string[] = ['*'];
}

/**
 * The job worker (kernel/jobs): operational tuning, each also settable by its JOBS_* environment variable
 * (README "Environment variables").
 */
export class JobsConfig {
  /** Start polling on application bootstrap (JOBS_AUTOSTART). */
  @BooleanFromText() @IsBoolean() autoStart = true;
  @NumberFromText() @IsInt() @Min(5) pollIntervalMs = 1000;
  /** Jobs claimed per statement. */
  @NumberFromText() @IsInt() @Min(1) batchSize = 20;
  /** Jobs this process runs at once. */
  @NumberFromText() @IsInt() @Min(1) concurrency = 8;
  /** How long a claim is held without renewal; a worker that dies is replaced after this. */
  @NumberFromText() @IsInt() @Min(100) leaseMs = 120000;
  @NumberFromText() @IsInt() @Min(1) backoffBaseMs = 2000;
  @NumberFromText() @IsInt() @Min(1) backoffMaxMs = 600000;
  /** How long shutdown waits for running jobs before letting their leases expire. */
  @NumberFromText() @IsInt() @Min(0) shutdownGraceMs = 10000;
  /** Attempts for a job enqueued without maxAttempts. */
  @NumberFromText() @IsInt() @Min(1) maxAttempts = 10;
}

export class HousekeepingConfig {
  /** Schedule the housekeeping jobs (HOUSEKEEPING_AUTOSTART=false turns the scheduler off; docs/wiring.md). */
  @BooleanFromText() @IsBoolean() autoStart = true;
}

export class ScreensConfig {
  /** Recompile an edited template on the next request (development; SCREENS_RELOAD=1). Off: compiled templates are kept. */
  @BooleanFromText() @IsBoolean() reloadTemplates = false;
}

export class AppConfig {
  @ValidateNested() @Type(() => ServerConfig) server: ServerConfig = new ServerConfig();
  @ValidateNested() @Type(() => DatabaseConfig) database: DatabaseConfig;
  @IsOptional() @IsString() redisUrl?: string;
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) logLevel = 'info';
  /** Deployment gate (ARCHITECTURE.md §2): only these Nest modules are imported. */
  @IsArray() @ArrayUnique() @IsEnum(ModuleKey, { each: true }) modules: ModuleKey[] = [];
  @ValidateNested() @Type(() => TokenConfig) tokens: TokenConfig = new TokenConfig();
  @ValidateNested() @Type(() => SimulatorConfig) simulator: SimulatorConfig = new SimulatorConfig();
  @ValidateNested() @Type(() => AdminConfig) admin: AdminConfig = new AdminConfig();
  @ValidateNested() @Type(() => MailConfig) mail: MailConfig = new MailConfig();
  @ValidateNested() @Type(() => LoginProtectionConfig) loginProtection: LoginProtectionConfig = new LoginProtectionConfig();
  @ValidateNested() @Type(() => WebhooksConfig) webhooks: WebhooksConfig = new WebhooksConfig();
  @ValidateNested() @Type(() => UserImportConfig) userImport: UserImportConfig = new UserImportConfig();
  @ValidateNested() @Type(() => JobsConfig) jobs: JobsConfig = new JobsConfig();
  @ValidateNested() @Type(() => HousekeepingConfig) housekeeping: HousekeepingConfig = new HousekeepingConfig();
  @ValidateNested() @Type(() => ScreensConfig) screens: ScreensConfig = new ScreensConfig();
  /** Where the embedded deployment keeps its files (SQLite, KYC documents by default): DATA_DIR, default ./data. */
  @IsString() @MinLength(1) dataDir = './data';
  @IsArray() @ArrayNotEmpty() @ValidateNested({ each: true }) @Type(() => BrokerConfig) brokers: BrokerConfig[];
  /** Set by the loader (any YAML value is overwritten): paths of secrets that came from a demo default. */
  @IsArray() @IsString({ each: true }) demoSecrets: string[] = [];
}
