import type { Translate } from './screen-translator.service';

/**
 * What a trader sees for a value of one of our enums (`enums.<kind>.<value>` in the screen locales): the
 * translation when there is one, else the value itself (a value from an older release or another system still
 * shows, never as a raw translation key).
 */
export function enumLabel(t: Translate, kind: 'accountType', value: string): string {
  const key = `enums.${kind}.${value}`;
  const text = t(key);
  return text === key ? value : text;
}
