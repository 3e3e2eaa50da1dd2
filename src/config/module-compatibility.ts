import { BrokerConfig } from './app-config';
import { ModuleKey } from './module-key';

/**
 * The compatibility table of ARCHITECTURE.md §2 and the Light-identity issue (#5):
 *
 * | module             | needs                          | cannot be combined with |
 * |--------------------|--------------------------------|-------------------------|
 * | fullSso            | crmApiPasswords                | lightIdentity           |
 * | lightIdentity      | —                              | fullSso, embeddedWeb, inappControls |
 * | inappActions       | fullSso or lightIdentity       | —                       |
 * | inappControls      | fullSso                        | lightIdentity           |
 * | embeddedWeb        | fullSso, ctraderWebUrl         | lightIdentity           |
 * | partnerAttribution | —                              | —                       |
 *
 * Each problem says why and what to do, because the person reading the boot error is a broker's operator, not
 * the author. When Light identity is on, the message names it and suggests the move to Full SSO (which keeps the
 * users Light identity created), rather than a bare "needs fullSso" that would lead to the forbidden pair.
 */
export function moduleCompatibilityProblems(broker: BrokerConfig, path: string): string[] {
  const on = new Set(broker.modules);
  const sso = on.has(ModuleKey.FullSso);
  const light = on.has(ModuleKey.LightIdentity);
  const moveToSso = 'or move this broker to Full SSO by replacing lightIdentity with fullSso (the users Light identity created are kept)';
  const problems: string[] = [];
  if (sso && light) {
    problems.push(
      `${path}.modules: fullSso and lightIdentity cannot both be on for one broker: with Full SSO the broker is cTrader's identity provider, ` +
        "with Light identity cTrader is, and the in-app screens can trust only one of them. Keep lightIdentity until the broker's login " +
        'screens are ready, then replace it with fullSso (the users Light identity created are kept).',
    );
  }
  if (on.has(ModuleKey.EmbeddedWeb) && !sso) {
    problems.push(
      light
        ? `${path}.modules: embeddedWeb needs fullSso, so it cannot be combined with lightIdentity: cTrader Web is opened with a one-time token ` +
            `that only the broker's own SSO can issue (Light identity cannot issue it: there cTrader issues the tokens). Remove embeddedWeb, ${moveToSso}.`
        : `${path}.modules: embeddedWeb needs fullSso: cTrader Web is opened with a one-time token that only the broker's own SSO can issue. ` +
            'Enable fullSso or remove embeddedWeb.',
    );
  }
  if (on.has(ModuleKey.InappControls) && !sso) {
    problems.push(
      light
        ? `${path}.modules: inappControls (ribbons) cannot be combined with lightIdentity: ribbons are rule sets the broker pushes to cTrader ` +
            "(3.9) for users it identifies itself, and Light identity users are cTrader's, known to the broker only after they open an in-app " +
            `screen. Remove inappControls, ${moveToSso}.`
        : `${path}.modules: inappControls (ribbons) needs fullSso: ribbons are pushed for users the broker identifies itself. ` +
            'Enable fullSso or remove inappControls.',
    );
  }
  if (on.has(ModuleKey.InappActions) && !sso && !light) {
    problems.push(
      `${path}.modules: inappActions needs an identity mode, because its screens open only with a token one of them redeems: ` +
        'enable fullSso (the broker is the identity provider) or lightIdentity (cTrader is).',
    );
  }
  if (sso && broker.crmApiPasswords.length === 0) {
    problems.push(
      `${path}.crmApiPasswords: fullSso needs at least one 4.1 password hash, because cTrader authenticates with it before every 4.x call (npm run admin -- hash-password).`,
    );
  }
  if (on.has(ModuleKey.EmbeddedWeb) && !broker.ctraderWebUrl) {
    problems.push(`${path}.ctraderWebUrl: embeddedWeb needs the broker's cTrader Web URL, which its pages open; set it or remove embeddedWeb.`);
  }
  return problems;
}
