import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/** The languages a broker may write its texts in: the screens' languages (src/kernel/screens/i18n/screen-languages.ts). */
export const TEXT_LANGUAGES = ['en', 'es', 'de', 'fr', 'zh', 'ar'] as const;

/**
 * A broker-given text shown to traders (jurisdiction line, deposit instructions, custom action labels, consent
 * labels …): one plain string for every language, or one text per language (`{ en: "...", de: "..." }`).
 */
export type LocalizedText = string | Partial<Record<string, string>>;

/**
 * The text for `lang`: that language's, else the broker's default language's, else English's, else the first one
 * given (a broker writing only German still shows German, never an empty line). A plain string is every language's.
 */
export function resolveLocalizedText(text: LocalizedText | undefined | null, lang: string, brokerDefault?: string): string {
  if (text === undefined || text === null) return '';
  if (typeof text === 'string') return text;
  for (const l of [lang, brokerDefault, 'en']) {
    const v = l ? text[l] : undefined;
    if (typeof v === 'string' && v.length) return v;
  }
  return Object.values(text).find((v): v is string => typeof v === 'string' && v.length > 0) ?? '';
}

/** Whether `value` is a LocalizedText: a string, or a non-empty map of known languages to non-empty strings (each ≤ max). */
export function isLocalizedText(value: unknown, max: number, allowEmpty: boolean): boolean {
  if (typeof value === 'string') return value.length <= max && (allowEmpty || value.trim().length > 0);
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const entries = Object.entries(value as Record<string, unknown>);
  return (
    entries.length > 0 &&
    entries.every(([k, v]) => (TEXT_LANGUAGES as readonly string[]).includes(k) && typeof v === 'string' && v.trim().length > 0 && v.length <= max)
  );
}

/** class-validator: the property is a LocalizedText (see isLocalizedText). `allowEmpty` lets a plain '' through (an optional line). */
export function IsLocalizedText(opts: { max?: number; allowEmpty?: boolean } = {}, validationOptions?: ValidationOptions): PropertyDecorator {
  const max = opts.max ?? 2000;
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isLocalizedText',
      target: target.constructor,
      propertyName: String(propertyName),
      options: validationOptions,
      validator: {
        validate: (value: unknown) => isLocalizedText(value, max, opts.allowEmpty ?? false),
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} must be a text, or a map of languages (${TEXT_LANGUAGES.join(', ')}) to non-empty texts (each at most ${max} characters)`,
      },
    });
}
