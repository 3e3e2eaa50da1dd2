import fc from 'fast-check';
import { computeRibbonRules, isCampaignLive, joinRuleSets, ruleSetHash } from './ribbon-rules';
import { RibbonCampaignDefinition, RibbonComputationContext, RibbonUserFacts } from './ribbon-campaign.types';
import { pickTitle, renderTitle, titleProblems } from './ribbon-title';
import { actionProblems, resolveAction } from './ribbon-action';

const NOW = Date.UTC(2030, 0, 15, 12);
const DAY = 86_400_000;

const ctx = (over: Partial<RibbonComputationContext> = {}): RibbonComputationContext => ({
  brokerName: 'broker_a',
  brandName: 'Broker A',
  defaultLanguage: 'en',
  tagEveryRibbonWithBrokerName: false,
  maxRibbonsPerUser: 10,
  now: NOW,
  ...over,
});

const user = (over: Partial<RibbonUserFacts> = {}): RibbonUserFacts => ({
  ctidUserId: 1000001,
  firstName: 'Ana',
  lastName: 'Diaz',
  language: 'en',
  accounts: [{ login: 5001, ctidTraderAccountId: 9001, currency: 'USD' }],
  funded: false,
  kycStatus: 'none',
  isPartner: false,
  lastActivityAt: NOW - DAY,
  ...over,
});

let nextId = 1;
const campaign = (over: Partial<RibbonCampaignDefinition> = {}): RibbonCampaignDefinition => ({
  id: nextId++,
  titles: { en: 'Hello {firstName}' },
  color: '#112233',
  action: { urlinApp: 'https://crm.example.com/inapp/deposit?brokerName=broker_a' },
  closable: true,
  enabled: true,
  startsAt: null,
  endsAt: null,
  priority: 0,
  audience: { kind: 'everyone' },
  ...over,
});

describe('computeRibbonRules (contract 3.9 body)', () => {
  it('gives everyone a user-level ribbon with the exact 3.9 field names', () => {
    const rules = computeRibbonRules([campaign({ id: 1, action: { urlExternal: 'https://x.example/bonus' } })], user(), ctx());
    expect(rules).toEqual({
      ribbons: [{ color: '#112233', title: 'Hello Ana', enabled: true, closable: true, action: { urlExternal: 'https://x.example/bonus' } }],
    });
    expect(JSON.stringify(computeRibbonRules([campaign()], user(), ctx()))).toContain('"urlinApp"');
  });

  it('returns {} (clears) when nothing matches', () => {
    expect(computeRibbonRules([], user(), ctx())).toEqual({});
    expect(computeRibbonRules([campaign({ enabled: false })], user(), ctx())).toEqual({});
  });

  it('honours the schedule: start inclusive, end exclusive', () => {
    const c = campaign({ startsAt: NOW, endsAt: NOW + DAY });
    expect(isCampaignLive(c, NOW - 1)).toBe(false);
    expect(isCampaignLive(c, NOW)).toBe(true);
    expect(isCampaignLive(c, NOW + DAY - 1)).toBe(true);
    expect(isCampaignLive(c, NOW + DAY)).toBe(false);
  });

  it("orders by cTrader's targeting: account-level, then brokerName, then user-level; priority inside a level", () => {
    const userLow = campaign({ id: 10, priority: 1, titles: { en: 'user low' } });
    const userHigh = campaign({ id: 11, priority: 5, titles: { en: 'user high' } });
    const brokerLevel = campaign({ id: 12, priority: -5, titles: { en: 'broker' }, audience: { kind: 'brokerName' } });
    const account = campaign({ id: 13, priority: -10, titles: { en: 'account {accountNumber}' }, audience: { kind: 'accounts', logins: [5002] } });
    const u = user({
      accounts: [
        { login: 5001, ctidTraderAccountId: 9001, currency: 'USD' },
        { login: 5002, ctidTraderAccountId: 9002, currency: 'EUR' },
      ],
    });
    const rules = computeRibbonRules([userLow, userHigh, brokerLevel, account], u, ctx());
    expect(rules.ribbons!.map((r) => r.title)).toEqual(['account 5002', 'broker', 'user high', 'user low']);
    expect(rules.ribbons![0].ctidTraderAccountId).toBe('9002');
    expect(rules.ribbons![0].brokerName).toBeUndefined();
    expect(rules.ribbons![1].brokerName).toBe('broker_a');
    expect(rules.ribbons![2]).not.toHaveProperty('brokerName');
  });

  it('targets the users list by cTID id', () => {
    const c = campaign({ audience: { kind: 'users', userIds: [1000001] } });
    expect(computeRibbonRules([c], user(), ctx()).ribbons).toHaveLength(1);
    expect(computeRibbonRules([c], user({ ctidUserId: 1000002 }), ctx())).toEqual({});
  });

  it('computes segments from the facts', () => {
    const seg = (segments: any[], inactiveDays?: number) => campaign({ audience: { kind: 'segment', segments, inactiveDays } });
    const has = (c: RibbonCampaignDefinition, u: RibbonUserFacts) => computeRibbonRules([c], u, ctx()).ribbons !== undefined;
    expect(has(seg(['noFundedAccount']), user())).toBe(true);
    expect(has(seg(['noFundedAccount']), user({ funded: true }))).toBe(false);
    expect(has(seg(['kycPending']), user({ kycStatus: 'pending' }))).toBe(true);
    expect(has(seg(['kycPending']), user({ kycStatus: 'approved' }))).toBe(false);
    expect(has(seg(['kycNotApproved']), user({ kycStatus: 'rejected' }))).toBe(true);
    expect(has(seg(['kycRejected']), user({ kycStatus: 'pending' }))).toBe(false);
    expect(has(seg(['partner']), user({ isPartner: true }))).toBe(true);
    expect(has(seg(['notPartner']), user({ isPartner: true }))).toBe(false);
    expect(has(seg(['inactive'], 7), user({ lastActivityAt: NOW - 7 * DAY }))).toBe(true);
    expect(has(seg(['inactive'], 7), user({ lastActivityAt: NOW - 6 * DAY }))).toBe(false);
    expect(has(seg(['noTradingAccount']), user({ accounts: [] }))).toBe(true);
    // every listed segment must hold
    expect(has(seg(['noFundedAccount', 'kycPending']), user({ kycStatus: 'pending' }))).toBe(true);
    expect(has(seg(['noFundedAccount', 'kycPending']), user({ kycStatus: 'pending', funded: true }))).toBe(false);
  });

  it('renders the title in the user language with fallbacks, and skips a ribbon whose placeholder has no value', () => {
    const c = campaign({
      titles: { en: 'Fund {accountNumber}, {firstName}', es: 'Deposita en {accountNumber}, {firstName}', 'pt-BR': 'Deposite {firstName}' },
    });
    expect(computeRibbonRules([c], user({ language: 'es' }), ctx()).ribbons![0].title).toBe('Deposita en 5001, Ana');
    expect(computeRibbonRules([c], user({ language: 'pt-BR' }), ctx()).ribbons![0].title).toBe('Deposite Ana');
    expect(computeRibbonRules([c], user({ language: 'de' }), ctx()).ribbons![0].title).toBe('Fund 5001, Ana');
    expect(computeRibbonRules([c], user({ language: 'es', accounts: [] }), ctx())).toEqual({});
    expect(pickTitle({ fr: 'Bonjour' }, 'zh', 'en')).toBe('Bonjour');
    expect(renderTitle('{brokerName} {currency}', { brokerName: 'B', currency: 'EUR' })).toBe('B EUR');
  });

  it('tags every ribbon with brokerName when the CRM is shared by several brokers', () => {
    const rules = computeRibbonRules(
      [campaign(), campaign({ audience: { kind: 'accounts', logins: [5001] } })],
      user(),
      ctx({ tagEveryRibbonWithBrokerName: true }),
    );
    expect(rules.ribbons!.every((r) => r.brokerName === 'broker_a')).toBe(true);
  });

  it('caps the rule set at maxRibbonsPerUser, keeping the most specific and important', () => {
    const many = Array.from({ length: 5 }, (_, i) => campaign({ id: 100 + i, priority: i, titles: { en: `p${i}` } }));
    expect(computeRibbonRules(many, user(), ctx({ maxRibbonsPerUser: 2 })).ribbons!.map((r) => r.title)).toEqual(['p4', 'p3']);
  });

  it('is deterministic: the same inputs hash the same whatever the campaign order', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray([1, 2, 3, 4, 5, 6], { minLength: 6, maxLength: 6 }), (order) => {
        const cs = order.map((id) => campaign({ id, priority: id % 3, titles: { en: `c${id}` } }));
        const sorted = [...cs].sort((a, b) => a.id - b.id);
        return ruleSetHash(computeRibbonRules(cs, user(), ctx())) === ruleSetHash(computeRibbonRules(sorted, user(), ctx()));
      }),
    );
  });

  it('joins the parts of several brokers of one CRM in targeting order', () => {
    const a = { ribbons: [{ color: '#000000', title: 'a', enabled: true, closable: true, action: { urlinApp: 'https://a' }, brokerName: 'a' }] };
    const b = {
      ribbons: [{ color: '#000000', title: 'b', enabled: true, closable: true, action: { urlinApp: 'https://b' }, brokerName: 'b', ctidTraderAccountId: '7' }],
    };
    expect(joinRuleSets([a, b], 10).ribbons!.map((r) => r.title)).toEqual(['b', 'a']);
    expect(joinRuleSets([{}, {}], 10)).toEqual({});
  });
});

describe('campaign validation helpers', () => {
  it('refuses unknown placeholders and bad languages', () => {
    expect(titleProblems({ en: 'Hi {firstName}' })).toEqual([]);
    expect(titleProblems({ en: 'Hi {fristName}' })[0]).toMatch(/unknown placeholder \{fristName\}/);
    expect(titleProblems({ english: 'Hi' })[0]).toMatch(/not a language code/);
    expect(titleProblems({})[0]).toMatch(/at least one/);
  });

  it('accepts one action: http(s) URLs, or paths of our in-app screens for urlinApp', () => {
    expect(actionProblems({ urlinApp: '/inapp/kyc' })).toEqual([]);
    expect(actionProblems({ urlExternal: 'https://x.example' })).toEqual([]);
    expect(actionProblems({ urlExternal: '/inapp/kyc' })).toHaveLength(1);
    expect(actionProblems({ urlInApp: 'https://x.example' })[0]).toMatch(/case-sensitive/);
    expect(actionProblems({ urlinApp: 'https://a', urlExternal: 'https://b' })[0]).toMatch(/exactly one/);
    expect(actionProblems({ urlinApp: 'javascript:alert(1)' })).toHaveLength(1);
    expect(actionProblems({ urlinApp: '/inapp//evil.example' })).toHaveLength(1);
  });

  it('resolves our in-app paths against the base URL (keeping its path) and adds the broker', () => {
    expect(resolveAction({ urlinApp: '/inapp/kyc' }, 'https://crm.example.com/cid', 'broker_a')).toEqual({
      urlinApp: 'https://crm.example.com/cid/inapp/kyc?brokerName=broker_a',
    });
    expect(resolveAction({ urlinApp: 'https://x.example/p' }, 'https://crm.example.com', 'b')).toEqual({ urlinApp: 'https://x.example/p' });
  });
});
