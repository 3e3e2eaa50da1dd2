import { createHash } from 'node:crypto';
import type { CtraderInAppRules, CtraderRibbon } from '../../../kernel/ctrader-gateway';
import { RibbonCampaignDefinition, RibbonComputationContext, RibbonSegment, RibbonUserAccount, RibbonUserFacts } from './ribbon-campaign.types';
import { pickTitle, renderTitle } from './ribbon-title';

const DAY_MS = 86_400_000;

/** cTrader's targeting order (contract 3.9): account match first, then brokerName, then all the user's sessions. */
enum Tier {
  Account = 0,
  BrokerName = 1,
  User = 2,
}

interface Ranked {
  tier: Tier;
  priority: number;
  campaignId: number;
  ribbon: CtraderRibbon;
}

/**
 * Audiences list up to 100,000 ids and are checked once per user: the Set of a list is built once and remembered
 * for as long as the list itself lives (a recompute reuses the same campaign objects for every user).
 */
const ID_SETS = new WeakMap<readonly number[], ReadonlySet<number>>();
function idSet(ids: readonly number[]): ReadonlySet<number> {
  let set = ID_SETS.get(ids);
  if (!set) {
    set = new Set(ids);
    ID_SETS.set(ids, set);
  }
  return set;
}

/** A campaign is live at `now` when enabled and inside its schedule (start inclusive, end exclusive). */
export function isCampaignLive(campaign: RibbonCampaignDefinition, now: number): boolean {
  return campaign.enabled && (campaign.startsAt === null || campaign.startsAt <= now) && (campaign.endsAt === null || now < campaign.endsAt);
}

export function segmentHolds(segment: RibbonSegment, user: RibbonUserFacts, now: number, inactiveDays: number | undefined): boolean {
  switch (segment) {
    case 'noFundedAccount':
      return !user.funded;
    case 'funded':
      return user.funded;
    case 'noTradingAccount':
      return user.accounts.length === 0;
    case 'kycNone':
      return user.kycStatus === 'none';
    case 'kycPending':
      return user.kycStatus === 'pending';
    case 'kycRejected':
      return user.kycStatus === 'rejected';
    case 'kycNotApproved':
      return user.kycStatus !== 'approved';
    case 'kycApproved':
      return user.kycStatus === 'approved';
    case 'inactive':
      return now - user.lastActivityAt >= (inactiveDays ?? 30) * DAY_MS;
    case 'partner':
      return user.isPartner;
    case 'notPartner':
      return !user.isPartner;
  }
}

/**
 * The user's complete 3.9 rule set: every live campaign whose audience contains the user, rendered in the user's
 * language, ordered by cTrader's targeting order (account-level, then brokerName, then user-level) and, within a
 * level, by priority (higher first) then campaign id; at most `maxRibbonsPerUser`. No ribbon → `{}` (clears).
 *
 * Pure: same input, same output (byte for byte, so its hash decides whether anything must be pushed).
 */
export function computeRibbonRules(campaigns: readonly RibbonCampaignDefinition[], user: RibbonUserFacts, ctx: RibbonComputationContext): CtraderInAppRules {
  const ranked: Ranked[] = [];
  for (const campaign of campaigns) {
    if (!isCampaignLive(campaign, ctx.now)) continue;
    const audience = campaign.audience;
    switch (audience.kind) {
      case 'everyone':
        push(ranked, campaign, user, ctx, ctx.tagEveryRibbonWithBrokerName ? Tier.BrokerName : Tier.User, null);
        break;
      case 'brokerName':
        push(ranked, campaign, user, ctx, Tier.BrokerName, null);
        break;
      case 'users':
        if (idSet(audience.userIds).has(user.ctidUserId))
          push(ranked, campaign, user, ctx, ctx.tagEveryRibbonWithBrokerName ? Tier.BrokerName : Tier.User, null);
        break;
      case 'accounts':
        for (const account of user.accounts) {
          if (idSet(audience.logins).has(account.login)) push(ranked, campaign, user, ctx, Tier.Account, account);
        }
        break;
      case 'segment':
        if (audience.segments.every((s) => segmentHolds(s, user, ctx.now, audience.inactiveDays))) {
          push(ranked, campaign, user, ctx, ctx.tagEveryRibbonWithBrokerName ? Tier.BrokerName : Tier.User, null);
        }
        break;
    }
  }
  if (ranked.length === 0) return {};
  ranked.sort((a, b) => a.tier - b.tier || b.priority - a.priority || a.campaignId - b.campaignId || compareAccount(a.ribbon, b.ribbon));
  return { ribbons: ranked.slice(0, ctx.maxRibbonsPerUser).map((r) => r.ribbon) };
}

function compareAccount(a: CtraderRibbon, b: CtraderRibbon): number {
  return Number(a.ctidTraderAccountId ?? 0) - Number(b.ctidTraderAccountId ?? 0);
}

function push(
  out: Ranked[],
  campaign: RibbonCampaignDefinition,
  user: RibbonUserFacts,
  ctx: RibbonComputationContext,
  tier: Tier,
  account: RibbonUserAccount | null,
): void {
  const shownAccount = account ?? user.accounts[0];
  const title = renderTitle(pickTitle(campaign.titles, user.language, ctx.defaultLanguage), {
    firstName: user.firstName,
    lastName: user.lastName,
    accountNumber: shownAccount ? String(shownAccount.login) : undefined,
    currency: shownAccount?.currency,
    brokerName: ctx.brandName,
  });
  if (title === null) return;
  // Key order is fixed here, so equal rule sets serialise (and hash) equally.
  const ribbon: CtraderRibbon = {
    color: campaign.color,
    title,
    enabled: true,
    closable: campaign.closable,
    action: 'urlinApp' in campaign.action ? { urlinApp: campaign.action.urlinApp } : { urlExternal: campaign.action.urlExternal },
  };
  if (tier === Tier.BrokerName) ribbon.brokerName = ctx.brokerName;
  if (tier === Tier.Account && account) {
    if (ctx.tagEveryRibbonWithBrokerName) ribbon.brokerName = ctx.brokerName;
    // A string at cTrader (contract 3.9), unlike everywhere else.
    ribbon.ctidTraderAccountId = String(account.ctidTraderAccountId);
  }
  out.push({ tier, priority: campaign.priority, campaignId: campaign.id, ribbon });
}

/** SHA-256 of the rule set's JSON: what decides whether a user's set changed since the last push. */
export function ruleSetHash(rules: CtraderInAppRules): string {
  return createHash('sha256').update(JSON.stringify(rules)).digest('hex');
}

/** Several brokers of one CRM share the user's rule set: their parts are joined, still in targeting order. */
export function joinRuleSets(parts: readonly CtraderInAppRules[], maxRibbons: number): CtraderInAppRules {
  const all = parts.flatMap((p) => p.ribbons ?? []);
  if (all.length === 0) return {};
  const tier = (r: CtraderRibbon) => (r.ctidTraderAccountId !== undefined ? 0 : r.brokerName !== undefined ? 1 : 2);
  // Array.prototype.sort is stable: inside a tier each broker's own order is kept.
  return {
    ribbons: all
      .map((r, i) => ({ r, i }))
      .sort((a, b) => tier(a.r) - tier(b.r) || a.i - b.i)
      .slice(0, maxRibbons)
      .map((x) => x.r),
  };
}
