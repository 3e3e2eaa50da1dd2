import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { AppConfig } from '../../../config/app-config';
import { isImportedPasswordHash } from '../../../lib/crypto/imported-password-hash';
import { AuditService } from '../../audit/audit.service';
import type { BrokerContext } from '../../broker-identification/broker-context';
import { CtraderError, CtraderGateway, CtraderTrader } from '../../ctrader-gateway';
import { BrokerScopedRepository } from '../../database/broker-scoped.repository';
import { UnitOfWork } from '../../database/unit-of-work';
import { TraderConsent } from '../trader-consent.entity';
import { TraderUser } from '../trader-user.entity';
import { TradingAccount } from '../trading-account.entity';
import { UsersService } from '../users.service';
import { ImportFileError, ImportFormat, readImportFile } from './trader-import-reader';
import { parseImportLine, TraderImportRecord } from './trader-import-record';
import { Clock } from '../../clock';

export type ImportOutcome = 'created' | 'updated' | 'unchanged' | 'refused';

export interface ImportLineReport {
  line: number;
  email: string | null;
  outcome: ImportOutcome;
  /** Why a line was refused. */
  reason?: string;
  /** What was (or, in a dry run, would be) written. */
  changes?: string[];
  /** Things left as they are on purpose (a password set here, an existing partner). */
  kept?: string[];
  /** The old hash was weak and config forces a reset: the trader has no password until they reset it. */
  passwordResetRequired?: boolean;
}

export interface ImportReport {
  brokerName: string;
  dryRun: boolean;
  totals: Record<ImportOutcome, number>;
  lines: ImportLineReport[];
  /** Set when the file stopped being read (a limit, a bad header); the lines before it are in `lines`. */
  fileError: string | null;
}

export interface ImportRequest {
  broker: BrokerContext;
  input: Readable;
  format: ImportFormat;
  dryRun: boolean;
  /** Who asked (audit): `admin:<keyId>` or `cli`. */
  actor: string;
  requestId?: string | null;
}

/** A line refused for a reason the report states; nothing of it is written. */
class Refusal extends Error {}

/** What one line would write: the user's changed fields, accounts and consent to add. */
interface Plan {
  existing: TraderUser | null;
  user: Partial<TraderUser>;
  accounts: Array<Omit<TradingAccount, 'id' | 'brokerName'>>;
  consent: TraderImportRecord['consent'];
  changes: string[];
  kept: string[];
}

/**
 * The import of a broker's existing traders (issue #21; README "Importing existing traders"). One line at a time,
 * each in its own transaction (a line is written whole or not at all), always inside the broker's scope.
 *
 * Idempotent by email: a line for a trader who exists updates only what differs, and a second import of the same
 * file changes nothing. Which system owns what (README "Who owns which data"): the old system's profile fields
 * win; a password set or upgraded here is never replaced; a cTID once set is never changed (a different one is
 * refused); trading logins and consents are only added. cTrader is asked only to read a trading login the trader
 * does not have here yet (GET /webserv/traders/{login}); the import never creates a cTID, a trader or a link.
 */
@Injectable()
export class TraderImport {
  constructor(
    private readonly users: UsersService,
    private readonly gateway: CtraderGateway,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async run(request: ImportRequest): Promise<ImportReport> {
    const { broker, dryRun } = request;
    const report: ImportReport = {
      brokerName: broker.brokerName,
      dryRun,
      totals: { created: 0, updated: 0, unchanged: 0, refused: 0 },
      lines: [],
      fileError: null,
    };
    // Within one file an email, cTID or login belongs to one line only (a dry run writes nothing the database could catch).
    const seen = { email: new Map<string, number>(), ctid: new Map<number, number>(), login: new Map<number, number>() };
    const settings = this.config.userImport;
    try {
      for await (const line of readImportFile(request.input, request.format, settings)) {
        const result = 'error' in line ? refused(line.line, null, line.error) : await this.line(broker, line.line, line.fields, dryRun, seen);
        report.totals[result.outcome]++;
        report.lines.push(result);
      }
    } catch (e) {
      if (!(e instanceof ImportFileError)) throw e;
      report.fileError = e.message;
    }
    await this.audit.record({
      brokerName: broker.brokerName,
      category: 'admin',
      action: dryRun ? 'users.import_dry_run' : 'users.import',
      actor: request.actor,
      target: `broker:${broker.brokerName}`,
      details: { format: request.format, totals: report.totals, fileError: report.fileError },
      requestId: request.requestId ?? null,
    });
    return report;
  }

  private async line(
    broker: BrokerContext,
    line: number,
    fields: Record<string, unknown>,
    dryRun: boolean,
    seen: { email: Map<string, number>; ctid: Map<number, number>; login: Map<number, number> },
  ): Promise<ImportLineReport> {
    const parsed = parseImportLine(fields, this.config.userImport.weakHashes);
    const email = typeof fields.email === 'string' ? fields.email.trim().toLowerCase().slice(0, 254) : null;
    if ('problems' in parsed) return refused(line, email, parsed.problems.join('; '));
    const record = parsed.record;
    const again = seen.email.get(record.email) ?? (record.ctidUserId !== null ? seen.ctid.get(record.ctidUserId) : undefined);
    if (again !== undefined) return refused(line, record.email, `the same trader (email or cTID) is already on line ${again}`);
    const loginAgain = record.tradingLogins.find((l) => seen.login.has(l));
    if (loginAgain !== undefined) return refused(line, record.email, `trading login ${loginAgain} is already on line ${seen.login.get(loginAgain)}`);
    seen.email.set(record.email, line);
    if (record.ctidUserId !== null) seen.ctid.set(record.ctidUserId, line);
    for (const l of record.tradingLogins) seen.login.set(l, line);

    try {
      const plan = await this.plan(broker, record);
      const base = {
        line,
        email: record.email,
        ...(record.passwordResetRequired ? { passwordResetRequired: true } : {}),
        ...(plan.kept.length ? { kept: plan.kept } : {}),
      };
      if (!plan.changes.length) return { ...base, outcome: 'unchanged' };
      if (!dryRun) await this.write(broker, plan);
      return { ...base, outcome: plan.existing ? 'updated' : 'created', changes: plan.changes };
    } catch (e) {
      if (e instanceof Refusal) return refused(line, record.email, e.message);
      if (isUniqueViolation(e)) return refused(line, record.email, 'changed concurrently by another signup or import; run the import again');
      throw e;
    }
  }

  private async plan(broker: BrokerContext, record: TraderImportRecord): Promise<Plan> {
    const b = broker.brokerName;
    const existing = await this.users.findByEmail(b, record.email);
    if (existing?.origin === 'lightIdentity') throw new Refusal('this email belongs to a Light-identity trader (no password login here)');
    if (record.ctidUserId !== null) {
      if (existing?.ctidUserId != null && existing.ctidUserId !== record.ctidUserId) throw new Refusal('this trader already has another cTID here');
      const owner = await this.users.findByCtidUserId(b, record.ctidUserId);
      if (owner && owner.id !== existing?.id) throw new Refusal('this cTID belongs to another trader of this broker');
    }
    const changes: string[] = [];
    const kept: string[] = [];
    const user: Partial<TraderUser> = existing ? {} : { email: record.email };
    const set = <K extends keyof TraderUser>(key: K, value: TraderUser[K], label: string = key) => {
      if (!existing || existing[key] !== value) {
        user[key] = value;
        changes.push(label);
      }
    };
    set('firstName', record.firstName);
    set('lastName', record.lastName);
    set('preferredLanguage', record.language ?? existing?.preferredLanguage ?? broker.config.branding.defaultLanguage, 'language');
    if (record.country !== null || !existing) set('country', record.country);
    if (record.password) {
      const current = existing?.passwordHash ?? null;
      // A password the trader set or upgraded here is this server's; only a not-yet-used imported one may be replaced.
      if (current === null || isImportedPasswordHash(current)) set('passwordHash', record.password.stored, 'password');
      else kept.push('password (set here)');
    } else if (!existing) user.passwordHash = null;
    if (record.emailVerified && existing?.emailVerifiedAt == null) set('emailVerifiedAt', this.clock.now(), 'emailVerified');
    if (record.ctidUserId !== null && existing?.ctidUserId == null) {
      set('ctidUserId', record.ctidUserId);
      // A trader with a cTID has finished signing up (the saga's 3.2 is what the old system already did).
      if (existing?.signupStep !== 'complete') user.signupStep = 'complete';
    }
    if (record.partnerId !== null) {
      const attribution = parseAttribution(existing?.attribution);
      if (attribution.partnerId === undefined || attribution.partnerId === null) {
        user.attribution = JSON.stringify({ ...attribution, partnerId: record.partnerId });
        changes.push('partnerId');
      } else if (attribution.partnerId !== record.partnerId) kept.push('partnerId (first attribution stays)');
    }
    const accounts = await this.newAccounts(broker, existing, record);
    if (accounts.length) changes.push(`tradingLogins ${accounts.map((a) => a.login).join(',')}`);
    let consent = record.consent;
    if (consent && existing) {
      const given = await this.users.consentsOf(b, existing.id);
      if (given.some((c) => c.consentKey === consent!.key && c.version === consent!.version)) consent = null;
    }
    if (consent) changes.push(`consent ${consent.key}@${consent.version}`);
    return { existing, user, accounts, consent, changes, kept };
  }

  /** The line's logins this trader does not have here yet, each confirmed by a read at cTrader as a trader of this very broker. */
  private async newAccounts(broker: BrokerContext, existing: TraderUser | null, record: TraderImportRecord): Promise<Plan['accounts']> {
    const accounts: Plan['accounts'] = [];
    for (const login of record.tradingLogins) {
      const known = await this.users.accountsOf(broker.brokerName).findOneBy({ login });
      if (known && known.userId === existing?.id) continue;
      if (known) throw new Refusal(`trading login ${login} belongs to another trader of this broker`);
      const trader = await this.readTrader(broker, login);
      accounts.push({
        userId: existing?.id ?? 0,
        login,
        state: 'linked',
        traderPasswordMd5: null,
        ctidTraderAccountId: null,
        currency: String(trader.depositCurrency ?? broker.config.trading.currencies[0]).slice(0, 3),
        leverage: Math.round((trader.leverageInCents ?? broker.config.trading.leverages[0] * 100) / 100),
        accountType: String(trader.accountType ?? 'HEDGED').slice(0, 16),
        environment: broker.config.trading.environment,
        moneyDigits: trader.moneyDigits,
        createdAt: this.clock.now(),
      });
    }
    return accounts;
  }

  private async readTrader(broker: BrokerContext, login: number): Promise<CtraderTrader> {
    let trader: CtraderTrader;
    try {
      trader = await this.gateway.getTrader(broker, login);
    } catch (e) {
      if (e instanceof CtraderError && e.errorCode === 'TRADER_NOT_FOUND')
        throw new Refusal(`trading login ${login} is not a trader this broker's cTrader manager knows`);
      throw new Refusal(
        `trading login ${login} could not be checked at cTrader (${e instanceof CtraderError ? e.errorCode : 'unavailable'}); run the import again`,
      );
    }
    // Contract: the trader read names its broker. One manager may serve several brokers: another's login is refused.
    if (trader.brokerName !== broker.brokerName) {
      throw new Refusal(
        trader.brokerName ? `trading login ${login} belongs to another broker` : `cTrader did not say which broker trading login ${login} belongs to`,
      );
    }
    return trader;
  }

  private async write(broker: BrokerContext, plan: Plan): Promise<void> {
    const now = this.clock.now();
    await this.uow.run(async (m) => {
      const users = new BrokerScopedRepository(m.getRepository(TraderUser), broker.brokerName);
      let userId: number;
      if (plan.existing) {
        userId = plan.existing.id;
        if (Object.keys(plan.user).length) await users.update({ id: userId }, { ...plan.user, updatedAt: now });
      } else {
        const created = await users.insert({
          firstName: '',
          lastName: '',
          country: null,
          preferredLanguage: broker.config.branding.defaultLanguage,
          passwordHash: null,
          ctidUserId: null,
          emailVerifiedAt: null,
          ctidRequestedAt: null,
          signupStep: 'local',
          origin: 'fullSso',
          lockedAt: null,
          attribution: '{}',
          ...plan.user,
          createdAt: now,
          updatedAt: now,
        });
        userId = created.id;
      }
      const accounts = new BrokerScopedRepository(m.getRepository(TradingAccount), broker.brokerName);
      for (const a of plan.accounts) await accounts.insert({ ...a, userId });
      if (plan.consent) {
        const c = plan.consent;
        await new BrokerScopedRepository(m.getRepository(TraderConsent), broker.brokerName).insert({
          userId,
          consentKey: c.key,
          version: c.version,
          acceptedAt: c.acceptedAt,
          ip: c.ip,
        });
      }
    });
  }
}

function refused(line: number, email: string | null, reason: string): ImportLineReport {
  return { line, email, outcome: 'refused', reason };
}

function parseAttribution(raw: string | undefined): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(raw ?? '{}');
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; driverError?: { code?: string } };
  const code = err.driverError?.code ?? err.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
