import { Injectable, Logger } from '@nestjs/common';
import type { ModuleKey } from '../../config/module-key';
import type { BrokerContext } from '../broker-identification/broker-context';
import type { Translate } from '../screens/i18n/screen-translator.service';

/** The trader a Trader 360 section is built for (staff see more than the trader does, never a secret). */
export interface Trader360Subject {
  brokerName: string;
  /** Local TraderUser.id. */
  userId: number;
  /** cTrader's userId, once the signup saga created it. */
  ctidUserId: number | null;
  email: string;
  firstName: string;
  lastName: string;
  /** The trader's trading accounts with a login (oldest first). */
  accounts: ReadonlyArray<{ login: number; currency: string; moneyDigits: number }>;
}

/** The staff member's language: providers translate their own strings (ScreenTranslator.addTranslations). */
export interface Trader360Display {
  lang: string;
  t: Translate;
}

export type Trader360Tone = 'success' | 'info' | 'error' | 'neutral';

/** What a provider returns: plain, translated text; the page renders it escaped. */
export interface Trader360SectionView {
  title: string;
  /** Label → value pairs shown above the table (e.g. "Partner ID: p-123"). */
  facts?: ReadonlyArray<{ label: string; value: string }>;
  columns?: ReadonlyArray<{ key: string; label: string }>;
  rows?: ReadonlyArray<{ cells: Readonly<Record<string, string>>; tone?: Trader360Tone }>;
  /** The column shown as a badge in the row's tone. */
  statusColumn?: string;
  /** Shown instead of the rows when there are none. */
  emptyText?: string;
}

/**
 * A module's part of the Trader 360 page (issue #19). `module` names the feature module that owns the data: for a
 * broker that has that module off, the registry leaves the section out (the provider is not even asked).
 */
export interface Trader360SectionProvider {
  /** Stable and unique; a later registration with the same id replaces the earlier one. */
  readonly id: string;
  /** Lower first (accounts 10, payments 20, KYC 30, partner 40, sessions 60, consents 70, audit 80). */
  readonly order: number;
  readonly module?: ModuleKey;
  section(broker: BrokerContext, subject: Trader360Subject, display: Trader360Display): Promise<Trader360SectionView | null>;
}

export type Trader360SectionResult = { id: string; view: Trader360SectionView } | { id: string; unavailable: true };

/**
 * The kernel's interface between the Trader 360 page and the modules that own what it shows (payments, KYC,
 * partners, …): the page depends on this registry only, never on those modules (ARCHITECTURE.md dependency rule).
 */
@Injectable()
export class Trader360Sections {
  private readonly logger = new Logger(Trader360Sections.name);
  private readonly providers = new Map<string, Trader360SectionProvider>();

  register(provider: Trader360SectionProvider): void {
    this.providers.set(provider.id, provider);
  }

  /** The providers that apply to this broker, by order. */
  forBroker(broker: BrokerContext): Trader360SectionProvider[] {
    return [...this.providers.values()]
      .filter((p) => p.module === undefined || broker.modules.has(p.module))
      .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  }

  /** Every applicable section; a provider that fails costs only its own section ("unavailable"), never the page. */
  async collect(broker: BrokerContext, subject: Trader360Subject, display: Trader360Display): Promise<Trader360SectionResult[]> {
    const providers = this.forBroker(broker);
    const settled = await Promise.allSettled(providers.map((p) => p.section(broker, subject, display)));
    const out: Trader360SectionResult[] = [];
    settled.forEach((r, i) => {
      const p = providers[i];
      if (r.status === 'fulfilled') {
        if (r.value) out.push({ id: p.id, view: r.value });
        return;
      }
      this.logger.warn(
        { provider: p.id, brokerName: broker.brokerName, err: r.reason instanceof Error ? r.reason.message : String(r.reason) },
        'trader 360 section failed',
      );
      out.push({ id: p.id, unavailable: true });
    });
    return out;
  }
}
