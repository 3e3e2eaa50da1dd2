import { Injectable, Logger } from '@nestjs/common';
import type { BrokerContext } from '../broker-identification/broker-context';
import type { Translate } from '../screens/i18n/screen-translator.service';

/**
 * Where a section goes on the client-area dashboard (screens §2.2). `payments` (deposit and withdrawal history)
 * and `kyc` (verification status) always have a place, with an empty state when no module fills them; `more`
 * collects anything else a module wants the trader to see.
 */
export type ClientAreaSlot = 'payments' | 'kyc' | 'more';
export const CLIENT_AREA_SLOTS: readonly ClientAreaSlot[] = ['payments', 'kyc', 'more'];

export type ClientAreaTone = 'success' | 'info' | 'error' | 'neutral';

/** The logged-in trader a section is built for (never anything secret). */
export interface ClientAreaViewer {
  /** Local TraderUser.id. */
  userId: number;
  /** cTrader's userId, once the signup saga created it. */
  ctidUserId: number | null;
  email: string;
  /** The logins of the trader's linked trading accounts. */
  accountLogins: readonly number[];
}

/** How the page is displayed: providers translate their own strings (ScreenTranslator.addTranslations). */
export interface ClientAreaDisplay {
  lang: string;
  t: Translate;
}

export interface ClientAreaSectionRow {
  /** Column key → text, already formatted for `display.lang` (amounts, dates). Rendered escaped. */
  cells: Readonly<Record<string, string>>;
  /** Colours the row's status cell, if the section has one (`statusColumn`). */
  tone?: ClientAreaTone;
}

/** What a provider returns: plain, translated text; the client area renders it in the broker's layout. */
export interface ClientAreaSectionView {
  title: string;
  columns: ReadonlyArray<{ key: string; label: string }>;
  rows: readonly ClientAreaSectionRow[];
  /** The column whose cell is shown as a badge in the row's tone (e.g. a payment's status). */
  statusColumn?: string;
  /** A headline status for the whole section (e.g. KYC "Verified"). */
  status?: { label: string; tone: ClientAreaTone };
  /** Shown instead of the rows when there are none. */
  emptyText?: string;
  /** An app-relative link (e.g. `/inapp/kyc`); the client area carries lang/theme/broker ids onto it. */
  link?: { path: string; label: string };
}

/**
 * A module's contribution to the dashboard. Registered at module init (like InappEntryService.register); asked
 * once per dashboard render. Return null when there is nothing to show for this trader or this broker (e.g. the
 * module is off for the broker). A provider that throws costs only its own section ("unavailable"), never the page.
 */
export interface ClientAreaSectionProvider {
  /** Stable and unique: a later registration with the same id replaces the earlier one. */
  readonly id: string;
  readonly slot: ClientAreaSlot;
  /** Lower first within a slot (default 100). */
  readonly order?: number;
  section(broker: BrokerContext, viewer: ClientAreaViewer, display: ClientAreaDisplay): Promise<ClientAreaSectionView | null>;
}

export type ClientAreaSectionResult = { id: string; view: ClientAreaSectionView } | { id: string; unavailable: true };

/**
 * The kernel's read interface between the client area and the modules that own what it shows (payments, KYC, …):
 * the client area depends on this registry only, never on those modules' tables (ARCHITECTURE.md dependency rule).
 */
@Injectable()
export class ClientAreaSections {
  private readonly logger = new Logger(ClientAreaSections.name);
  private readonly providers = new Map<string, ClientAreaSectionProvider>();

  register(provider: ClientAreaSectionProvider): void {
    this.providers.set(provider.id, provider);
  }

  /** The registered providers, by slot then order. */
  list(): ClientAreaSectionProvider[] {
    const slotIndex = (s: ClientAreaSlot) => CLIENT_AREA_SLOTS.indexOf(s);
    return [...this.providers.values()].sort(
      (a, b) => slotIndex(a.slot) - slotIndex(b.slot) || (a.order ?? 100) - (b.order ?? 100) || a.id.localeCompare(b.id),
    );
  }

  /** Every provider's section for this trader, grouped by slot; failures isolated per provider. */
  async collect(broker: BrokerContext, viewer: ClientAreaViewer, display: ClientAreaDisplay): Promise<Record<ClientAreaSlot, ClientAreaSectionResult[]>> {
    const providers = this.list();
    const settled = await Promise.allSettled(providers.map((p) => p.section(broker, viewer, display)));
    const out: Record<ClientAreaSlot, ClientAreaSectionResult[]> = { payments: [], kyc: [], more: [] };
    settled.forEach((r, i) => {
      const p = providers[i];
      if (r.status === 'fulfilled') {
        if (r.value) out[p.slot].push({ id: p.id, view: r.value });
      } else {
        // The section's owner logs its own details; here only which section failed (no user data).
        this.logger.warn(
          { provider: p.id, brokerName: broker.brokerName, err: r.reason instanceof Error ? r.reason.message : String(r.reason) },
          'client-area section failed',
        );
        out[p.slot].push({ id: p.id, unavailable: true });
      }
    });
    return out;
  }
}
