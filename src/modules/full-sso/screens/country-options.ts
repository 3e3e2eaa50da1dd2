import { ISO_COUNTRY_CODES, ISO_COUNTRY_SET } from '../../../config/iso-countries';
import type { CountriesConfig } from '../../../config/signup-config';

type Option = { value: string; label: string };

/** Every ISO country named and sorted in one language (Intl.DisplayNames, falling back to English), cached per language. */
const cache = new Map<string, Option[]>();

function allCountries(lang: string): Option[] {
  let options = cache.get(lang);
  if (!options) {
    const names = new Intl.DisplayNames([lang, 'en'], { type: 'region', fallback: 'code' });
    const collator = new Intl.Collator(lang);
    options = ISO_COUNTRY_CODES.map((c) => ({ value: c, label: names.of(c) ?? c })).sort((a, b) => collator.compare(a.label, b.label));
    cache.set(lang, options);
  }
  return options;
}

export function isKnownCountry(code: string): boolean {
  return ISO_COUNTRY_SET.has(code);
}

/** Whether the broker accepts residents of `code`: in `allowed` (when given) and not in `blocked`. */
export function isCountryOffered(countries: CountriesConfig | undefined, code: string): boolean {
  if (!isKnownCountry(code)) return false;
  if (countries?.allowed && !countries.allowed.includes(code)) return false;
  return !countries?.blocked?.includes(code);
}

/** The broker's countries for the signup select, named and sorted in the screen's language. */
export function countryOptions(lang: string, countries?: CountriesConfig): Option[] {
  return allCountries(lang).filter((o) => isCountryOffered(countries, o.value));
}
