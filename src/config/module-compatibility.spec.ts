import { plainToInstance } from 'class-transformer';
import { BrokerConfig } from './app-config';
import { ModuleKey } from './module-key';
import { moduleCompatibilityProblems } from './module-compatibility';

const { FullSso, LightIdentity, InappActions, InappControls, PartnerAttribution, EmbeddedWeb } = ModuleKey;

function broker(modules: ModuleKey[], over: Partial<BrokerConfig> = {}): BrokerConfig {
  return plainToInstance(BrokerConfig, {
    brokerName: 'b1',
    brokerCrmName: 'crm1',
    modules,
    crmApiPasswords: ['scrypt$1$1$1$a$b'],
    ctraderWebUrl: 'https://web.example.com',
    ...over,
  });
}
const problems = (modules: ModuleKey[], over: Partial<BrokerConfig> = {}) => moduleCompatibilityProblems(broker(modules, over), 'brokers[3]');

describe('module compatibility (ARCHITECTURE.md §2, issue #5)', () => {
  it.each([
    [[FullSso]],
    [[FullSso, InappActions, InappControls, PartnerAttribution, EmbeddedWeb]],
    [[LightIdentity]],
    [[LightIdentity, InappActions]],
    [[LightIdentity, InappActions, PartnerAttribution]],
    [[PartnerAttribution]],
    [[]],
  ])('accepts %j', (modules) => {
    expect(problems(modules)).toEqual([]);
  });

  it('Light identity needs no 4.1 password (cTrader never calls the broker)', () => {
    expect(problems([LightIdentity, InappActions], { crmApiPasswords: [] })).toEqual([]);
  });

  it('refuses Full SSO with Light identity, saying why and how to move', () => {
    const [p, ...rest] = problems([FullSso, LightIdentity, InappActions]);
    expect(rest).toEqual([]);
    expect(p).toMatch(/^brokers\[3\]\.modules: fullSso and lightIdentity cannot both be on for one broker/);
    expect(p).toContain('the in-app screens can trust only one of them');
    expect(p).toContain('then replace it with fullSso (the users Light identity created are kept)');
  });

  it('refuses Light identity with Embedded cTrader Web: why, and remove it or move to Full SSO', () => {
    const [p, ...rest] = problems([LightIdentity, EmbeddedWeb]);
    expect(rest).toEqual([]);
    expect(p).toMatch(/^brokers\[3\]\.modules: embeddedWeb needs fullSso, so it cannot be combined with lightIdentity/);
    expect(p).toContain("one-time token that only the broker's own SSO can issue");
    expect(p).toContain('Remove embeddedWeb, or move this broker to Full SSO by replacing lightIdentity with fullSso');
  });

  it('refuses Light identity with ribbons: why, and remove them or move to Full SSO', () => {
    const [p, ...rest] = problems([LightIdentity, InappActions, InappControls]);
    expect(rest).toEqual([]);
    expect(p).toMatch(/^brokers\[3\]\.modules: inappControls \(ribbons\) cannot be combined with lightIdentity/);
    expect(p).toContain("Light identity users are cTrader's");
    expect(p).toContain('Remove inappControls, or move this broker to Full SSO');
  });

  it('reports every conflict of one broker at once', () => {
    expect(problems([FullSso, LightIdentity, EmbeddedWeb, InappControls])).toHaveLength(1);
    expect(problems([LightIdentity, EmbeddedWeb, InappControls], { ctraderWebUrl: undefined })).toHaveLength(3);
  });

  it('without any identity mode: embedded web, ribbons and in-app actions each say what they need', () => {
    const all = problems([EmbeddedWeb, InappControls, InappActions]);
    expect(all).toEqual([
      expect.stringMatching(/embeddedWeb needs fullSso: .* Enable fullSso or remove embeddedWeb\.$/),
      expect.stringMatching(/inappControls \(ribbons\) needs fullSso: .* Enable fullSso or remove inappControls\.$/),
      expect.stringMatching(/inappActions needs an identity mode, because .*: enable fullSso .* or lightIdentity/),
    ]);
  });

  it('Full SSO needs a 4.1 password; embedded web its URL', () => {
    expect(problems([FullSso], { crmApiPasswords: [] })).toEqual([
      expect.stringMatching(/^brokers\[3\]\.crmApiPasswords: fullSso needs at least one 4\.1 password hash/),
    ]);
    expect(problems([FullSso, EmbeddedWeb], { ctraderWebUrl: undefined })).toEqual([expect.stringMatching(/^brokers\[3\]\.ctraderWebUrl: embeddedWeb needs/)]);
  });
});
