import { CtraderTrader } from './ctrader-gateway.dto';
import { CtraderError } from './ctrader.error';

/**
 * Reading GET /v2/webserv/traders to the end (docs.spotware.com/WebServices_API/Operations_With_Accounts, "Read
 * Multiple Traders' Details"; contract §1.5 "read"): `from`/`to` are `yyyy-MM-ddTHH:mm:ss.SSS` in UTC, the window
 * is `from <= registration < to`, and an answer with `hasMore` is only the first page of its window.
 *
 * The docs do not say how the next page is asked for. We do not invent a page or offset parameter (a real backend
 * would ignore it and send the first page again). Instead a window whose answer has more is split in two halves,
 * each asked on its own, until every answer is complete: documented parameters only, and right whatever order the
 * backend lists a page in. The walk is capped (`maxRequests`), and a window that cannot be split further (1 ms)
 * but still has more is an error: both fail loudly rather than return a partial list.
 */
export const DEFAULT_TRADERS_LIST_MAX_REQUESTS = 64;

export interface TradersPage {
  traders: CtraderTrader[];
  hasMore: boolean;
}

/** Epoch ms → `yyyy-MM-ddTHH:mm:ss.SSS` (UTC, no zone suffix), the only form the docs give. */
export function ctraderInstant(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new TypeError('a traders-list bound must be a non-negative integer of epoch ms');
  return new Date(ms).toISOString().replace(/Z$/, '');
}

export async function readTradersWindow(
  window: { from: number; to: number },
  fetchPage: (from: number, to: number) => Promise<TradersPage>,
  failure: (errorCode: string) => CtraderError,
  maxRequests = DEFAULT_TRADERS_LIST_MAX_REQUESTS,
): Promise<CtraderTrader[]> {
  const found = new Map<number, CtraderTrader>();
  const pending: Array<[number, number]> = [[window.from, window.to]];
  let requests = 0;
  while (pending.length) {
    const [from, to] = pending.shift()!;
    if (from >= to) continue;
    if (++requests > maxRequests) throw failure('TRADERS_LIST_REQUEST_CAP');
    const page = await fetchPage(from, to);
    if (!page.hasMore) {
      for (const t of page.traders) if (!found.has(t.login)) found.set(t.login, t);
      continue;
    }
    if (to - from <= 1) throw failure('TRADERS_LIST_WINDOW_UNSPLITTABLE');
    const mid = from + Math.floor((to - from) / 2);
    pending.unshift([from, mid], [mid, to]);
  }
  // Earliest registration first whatever order the backend paged in (callers take the newest match as last).
  return [...found.values()].sort((a, b) => (a.registrationTimestamp ?? 0) - (b.registrationTimestamp ?? 0) || a.login - b.login);
}
