import { BrokerConfig } from './app-config';
import { ModuleKey } from './module-key';

/**
 * The compatibility table of ARCHITECTURE.md §2 and the Light-identity issue. Each rule says why and what to
 * do, because the person reading the boot error is a broker's operator, not the author.
 */
export function moduleCompatibilityProblems(broker: BrokerConfig, path: string): string[] {
  const on = new Set(broker.modules);
  const problems: string[] = [];
  if (on.has(ModuleKey.FullSso) && on.has(ModuleKey.LightIdentity)) {
    problems.push(
      `${path}.modules: fullSso and lightIdentity cannot both be on for one broker: with Full SSO the broker is the identity provider, ` +
        'with Light identity cTrader is. Keep the one this broker uses (move to fullSso when the login screens are ready).',
    );
  }
  if (on.has(ModuleKey.EmbeddedWeb) && !on.has(ModuleKey.FullSso)) {
    problems.push(
      `${path}.modules: embeddedWeb needs fullSso: cTrader Web is opened with a one-time token that only the broker's own SSO can issue` +
        (on.has(ModuleKey.LightIdentity) ? ' (Light identity cannot issue it)' : '') + '. Enable fullSso or remove embeddedWeb.',
    );
  }
  if (on.has(ModuleKey.InappControls) && !on.has(ModuleKey.FullSso)) {
    problems.push(
      `${path}.modules: inappControls (ribbons) needs fullSso: ribbons are pushed for users the broker identifies itself` +
        (on.has(ModuleKey.LightIdentity) ? ' (Light identity users are cTrader\'s)' : '') + '. Enable fullSso or remove inappControls.',
    );
  }
  if (on.has(ModuleKey.InappActions) && !on.has(ModuleKey.FullSso) && !on.has(ModuleKey.LightIdentity)) {
    problems.push(`${path}.modules: inappActions needs an identity mode: enable fullSso or lightIdentity.`);
  }
  if (on.has(ModuleKey.FullSso) && broker.crmApiPasswords.length === 0) {
    problems.push(`${path}.crmApiPasswords: fullSso needs at least one 4.1 password hash (npm run admin -- hash-password).`);
  }
  if (on.has(ModuleKey.EmbeddedWeb) && !broker.ctraderWebUrl) {
    problems.push(`${path}.ctraderWebUrl: embeddedWeb needs the broker's cTrader Web URL.`);
  }
  return problems;
}
