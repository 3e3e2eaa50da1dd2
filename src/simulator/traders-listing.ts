import { CtraderError, CtraderErrorCode } from './ctrader-error';
import { SimTraderView } from './simulator-records';

/**
 * GET /v2/webserv/traders (docs.spotware.com/WebServices_API/Operations_With_Accounts, "Read Multiple Traders'
 * Details"; contract §1.5 "read"): `from` and `to` are `yyyy-MM-ddTHH:mm:ss.SSS` strings in UTC, the window is
 * `from <= registrationTimestamp < to`, and the answer comes in pages flagged `hasMore`.
 *
 * Stricter than the docs on purpose: only that exact format is accepted (no epoch ms, no zone suffix, no other ISO
 * variant), because a gateway that sends anything else would be refused or misread by the real backend.
 * The docs do not say how a next page is asked for, so the simulator offers no page parameter: a client narrows the
 * window (the gateway halves it) until an answer has no more. A page holds the earliest registrations of the window.
 */
export const CTRADER_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})$/;

export const DEFAULT_TRADERS_PAGE_SIZE = 100;

/** Settable at run time (`sim.listing.tradersPageSize`), so tests can make a small window need several pages. */
export interface TradersListing {
  tradersPageSize: number;
}

/** Epoch ms of a documented instant, or a 400 INVALID_REQUEST naming the parameter. */
export function parseCtraderInstant(value: unknown, name: string): number {
  if (typeof value !== 'string' || value === '') {
    throw new CtraderError(400, CtraderErrorCode.InvalidRequest, `query parameter '${name}' is required`);
  }
  const m = CTRADER_INSTANT.exec(value);
  const ms = m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], +m[7]) : NaN;
  // The round trip refuses impossible dates (2026-02-30) that Date.UTC would silently roll over.
  if (!m || !Number.isFinite(ms) || new Date(ms).toISOString() !== `${value}Z`) {
    throw new CtraderError(400, CtraderErrorCode.InvalidRequest, `query parameter '${name}' must be yyyy-MM-ddTHH:mm:ss.SSS (UTC)`);
  }
  return ms;
}

/** One page of the traders registered in [from, to), earliest first. */
export function pageOfTraders(traders: readonly SimTraderView[], from: number, to: number, pageSize: number): { trader: SimTraderView[]; hasMore: boolean } {
  if (from > to) throw new CtraderError(400, CtraderErrorCode.InvalidRequest, "query parameter 'from' must not be after 'to'");
  const inWindow = traders
    .filter((t) => t.registrationTimestamp >= from && t.registrationTimestamp < to)
    .sort((a, b) => a.registrationTimestamp - b.registrationTimestamp || a.login - b.login);
  return { trader: inWindow.slice(0, pageSize), hasMore: inWindow.length > pageSize };
}
