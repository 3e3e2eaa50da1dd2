import { resolveLocalizedText } from '../../../config/localized-text';
import { ConsentConfig, KNOWN_CONSENT_KEYS } from '../../../config/signup-config';
import type { BrokerContext } from '../../../kernel/broker-identification';
import type { ScreenContext } from '../../../kernel/screens';
import { normalizePersonName, personNameProblem } from '../../../kernel/users';
import type { GivenConsent } from '../../../kernel/users';
import { isCountryOffered, isKnownCountry } from './country-options';

/**
 * The signup form's broker-specific parts, kept out of the controller: the person-name rule on both names, the
 * broker's consents (checkboxes, required ones, what is stored) and its country list.
 */

type Form = Record<string, unknown>;

/** The version stored for the implicit agreement of a broker with `requireAgreement` and no `consents` listed. */
export const UNVERSIONED = 'unversioned';

/**
 * The consents shown on this broker's form. A broker with `requireAgreement: true` and no `consents` gets the
 * one it always had: a required `terms` checkbox linking to `agreementUrl` (3.13 records it on cTrader).
 */
export function brokerConsents(broker: BrokerContext): ConsentConfig[] {
  const c = broker.config;
  if (c.consents.length) return c.consents;
  return c.requireAgreement ? [Object.assign(new ConsentConfig(), { key: 'terms', url: c.agreementUrl, version: UNVERSIONED, required: true })] : [];
}

export const consentFieldId = (key: string) => `consent-${key}`;

/** Checkbox models for the template (label in the screen's language; the terms link falls back to agreementUrl). `values`: the form as submitted. */
export function consentFields(broker: BrokerContext, ctx: ScreenContext, values: Form | undefined, errors: Record<string, string>) {
  return brokerConsents(broker).map((c) => {
    const id = consentFieldId(c.key);
    const href = c.url ?? (c.key === 'terms' ? broker.config.agreementUrl : undefined);
    return {
      id,
      label: consentLabel(c, ctx, broker),
      required: c.required,
      checked: ticked(values, id),
      error: errors[id],
      link: href ? { href, label: ctx.t('signupForm.documentLink') } : undefined,
    };
  });
}

/**
 * terms/privacy/marketing: the broker's label for this language (or its one plain label), else our translated
 * default — a broker overriding only German keeps our texts elsewhere. Other keys: the broker's label with the
 * usual fallbacks (resolveLocalizedText), config validation makes sure there is one.
 */
function consentLabel(c: ConsentConfig, ctx: ScreenContext, broker: BrokerContext): string {
  if ((KNOWN_CONSENT_KEYS as readonly string[]).includes(c.key)) {
    const own = typeof c.label === 'string' ? c.label : c.label?.[ctx.lang];
    return own || ctx.t(`signupForm.consent.${c.key}`);
  }
  return resolveLocalizedText(c.label, ctx.lang, broker.config.branding.defaultLanguage) || c.key;
}

const ticked = (body: Form | undefined, id: string) => body?.[id] !== undefined && body[id] !== '';

/**
 * The consents ticked (to store with the user), their fields as form values (to re-render them ticked) and a field
 * error, added to `errors`, for each required one left unticked.
 */
export function readConsents(
  broker: BrokerContext,
  ctx: ScreenContext,
  body: Form,
  ip: string,
  errors: Record<string, string>,
): { given: GivenConsent[]; checked: Record<string, string> } {
  const given: GivenConsent[] = [];
  const checked: Record<string, string> = {};
  for (const c of brokerConsents(broker)) {
    const id = consentFieldId(c.key);
    if (ticked(body, id)) {
      given.push({ key: c.key, version: c.version, ip });
      checked[id] = 'true';
    } else if (c.required) errors[id] = ctx.t('signupForm.errors.consentRequired');
  }
  return { given, checked };
}

/** Both names through the shared rule; field errors for the ones that fail. Returns the normalised names. */
export function readNames(body: Form, ctx: ScreenContext, errors: Record<string, string>): { firstName: string; lastName: string } {
  const names = { firstName: normalizePersonName(body?.firstName).slice(0, 200), lastName: normalizePersonName(body?.lastName).slice(0, 200) };
  for (const field of ['firstName', 'lastName'] as const) {
    const problem = personNameProblem(names[field]);
    if (problem) errors[field] = ctx.t(problem === 'required' ? 'errors.required' : 'errors.invalidName');
  }
  return names;
}

/** A field error for a country that is not an ISO code (a tampered form) or that the broker does not accept. */
export function countryError(broker: BrokerContext, ctx: ScreenContext, code: string): string | undefined {
  if (!isKnownCountry(code)) return ctx.t('errors.invalidChoice');
  return isCountryOffered(broker.config.countries, code) ? undefined : ctx.t('signupForm.errors.countryBlocked');
}
