/**
 * Ribbon titles: placeholders in braces, rendered per user and per language. Only known placeholders are
 * accepted when a campaign is saved, so a typo is refused in the admin API rather than shown to traders.
 */
export const RIBBON_PLACEHOLDERS = ['firstName', 'lastName', 'accountNumber', 'currency', 'brokerName'] as const;
export type RibbonPlaceholder = (typeof RIBBON_PLACEHOLDERS)[number];

const PLACEHOLDER = /\{([A-Za-z0-9_.-]+)\}/g;
/** Language tags as the screens use them: `en`, `pt-BR`. */
export const LANGUAGE_TAG = /^[a-z]{2}(-[A-Z]{2})?$/;
export const MAX_TITLE_LENGTH = 200;

/** Problems of a titles map (empty when valid). */
export function titleProblems(titles: unknown): string[] {
  if (!titles || typeof titles !== 'object' || Array.isArray(titles)) return ['title must be an object of language → text'];
  const entries = Object.entries(titles as Record<string, unknown>);
  if (entries.length === 0) return ['title needs at least one language'];
  const problems: string[] = [];
  for (const [language, text] of entries) {
    if (!LANGUAGE_TAG.test(language)) problems.push(`title.${language}: not a language code (en, es, pt-BR …)`);
    if (typeof text !== 'string' || text.trim() === '') {
      problems.push(`title.${language} must be a non-empty string`);
      continue;
    }
    if (text.length > MAX_TITLE_LENGTH) problems.push(`title.${language} is longer than ${MAX_TITLE_LENGTH} characters`);
    for (const name of placeholdersIn(text)) {
      if (!(RIBBON_PLACEHOLDERS as readonly string[]).includes(name)) {
        problems.push(`title.${language}: unknown placeholder {${name}} (known: ${RIBBON_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})`);
      }
    }
  }
  return problems;
}

export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

/**
 * The title in the user's language: exact tag, then its base language (`pt-BR` → `pt`), then the broker's
 * default language, then English, then whatever the campaign has first.
 */
export function pickTitle(titles: Record<string, string>, language: string, defaultLanguage: string): string {
  const base = language.split('-')[0];
  for (const candidate of [language, base, defaultLanguage, 'en']) {
    const text = titles[candidate];
    if (text !== undefined) return text;
  }
  return Object.values(titles)[0] ?? '';
}

/**
 * Fills the placeholders. Returns null when a placeholder has no value for this user (e.g. `{accountNumber}` for a
 * user without an account): a half-rendered ribbon ("Account  is ready") is worse than none, so it is not shown.
 */
export function renderTitle(text: string, values: Partial<Record<RibbonPlaceholder, string>>): string | null {
  let missing = false;
  const rendered = text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name as RibbonPlaceholder];
    if (value === undefined || value === '') {
      missing = true;
      return whole;
    }
    return value;
  });
  return missing ? null : rendered;
}
