import { performance } from 'node:perf_hooks';
import { RibbonCampaignDefinition, RibbonComputationContext, RibbonSegment, RibbonUserFacts } from '../src/modules/inapp-controls/domain/ribbon-campaign.types';
import { computeRibbonRules, ruleSetHash } from '../src/modules/inapp-controls/domain/ribbon-rules';

/**
 * How many users per second a campaign change is computed for: the pure rule computation plus the hash that
 * decides whether a user's set changed — the per-user CPU work of a recompute, without the database.
 *   node dist/bench/ribbons-compute.js [users=100000]
 */
export interface RibbonsComputeResult {
  users: number;
  campaigns: number;
  ms: number;
  usersPerSecond: number;
  withRibbons: number;
}

const LANGS = ['en', 'es', 'de', 'fr', 'zh', 'ar', 'pt-BR'];
const SEGMENTS: RibbonSegment[][] = [
  ['noFundedAccount'],
  ['kycPending'],
  ['kycRejected'],
  ['inactive'],
  ['partner'],
  ['notPartner', 'funded'],
  ['noTradingAccount'],
];

/** A deterministic pseudo-random sequence, so every run computes the same population. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function ribbonsBenchPopulation(users: number, now: number): { campaigns: RibbonCampaignDefinition[]; population: RibbonUserFacts[] } {
  const rnd = lcg(42);
  const titles = (text: string) => Object.fromEntries(LANGS.map((l) => [l, `[${l}] ${text}`]));
  const campaigns: RibbonCampaignDefinition[] = [];
  for (let i = 0; i < 20; i++) {
    const kind = i % 5;
    campaigns.push({
      id: i + 1,
      titles: titles(i % 2 ? 'Fund {accountNumber} and get a bonus, {firstName}' : 'Hello {firstName}, news from {brokerName}'),
      color: '#1a73e8',
      action: i % 3 ? { urlinApp: 'https://crm.example.com/inapp/deposit?brokerName=bench' } : { urlExternal: 'https://broker.example.com/promo' },
      closable: true,
      enabled: i !== 19,
      startsAt: i === 18 ? now + 86_400_000 : now - 86_400_000,
      endsAt: null,
      priority: i % 7,
      audience:
        kind === 0
          ? { kind: 'everyone' }
          : kind === 1
            ? { kind: 'brokerName' }
            : kind === 2
              ? { kind: 'accounts', logins: Array.from({ length: 2000 }, (_, k) => 500000 + k * 37) }
              : kind === 3
                ? { kind: 'users', userIds: Array.from({ length: 2000 }, (_, k) => 1000000 + k * 41) }
                : { kind: 'segment', segments: SEGMENTS[i % SEGMENTS.length], inactiveDays: 30 },
    });
  }
  const population: RibbonUserFacts[] = [];
  let login = 500000;
  for (let u = 0; u < users; u++) {
    const accounts = Array.from({ length: Math.floor(rnd() * 4) }, () => ({
      login: login++,
      ctidTraderAccountId: 9000000 + login,
      currency: rnd() < 0.7 ? 'USD' : 'EUR',
    }));
    population.push({
      ctidUserId: 1000000 + u,
      firstName: `First${u}`,
      lastName: `Last${u}`,
      language: LANGS[u % LANGS.length],
      accounts,
      funded: rnd() < 0.4,
      kycStatus: (['none', 'pending', 'approved', 'rejected'] as const)[Math.floor(rnd() * 4)],
      isPartner: rnd() < 0.05,
      lastActivityAt: now - Math.floor(rnd() * 90) * 86_400_000,
    });
  }
  return { campaigns, population };
}

export function measureRibbonsCompute(users = 100_000): RibbonsComputeResult {
  const now = Date.now();
  const { campaigns, population } = ribbonsBenchPopulation(users, now);
  const ctx: RibbonComputationContext = {
    brokerName: 'bench',
    brandName: 'Bench Broker',
    defaultLanguage: 'en',
    tagEveryRibbonWithBrokerName: false,
    maxRibbonsPerUser: 10,
    now,
  };
  // Warm-up (JIT), then the measured pass over every user.
  for (let i = 0; i < Math.min(users, 5000); i++) ruleSetHash(computeRibbonRules(campaigns, population[i], ctx));
  let withRibbons = 0;
  const started = performance.now();
  for (const user of population) {
    const rules = computeRibbonRules(campaigns, user, ctx);
    ruleSetHash(rules);
    if (rules.ribbons) withRibbons += 1;
  }
  const ms = performance.now() - started;
  return { users, campaigns: campaigns.length, ms: Math.round(ms), usersPerSecond: Math.round((users / ms) * 1000), withRibbons };
}

if (require.main === module) {
  const users = Number(process.argv[2] ?? 100_000);
  const r = measureRibbonsCompute(users);
  console.log(`ribbons compute: ${r.users} users × ${r.campaigns} campaigns in ${r.ms} ms (${r.withRibbons} with ribbons)`);
  console.log(`ribbons_users_per_s=${r.usersPerSecond}`);
}
