/** ISO 3166-1 alpha-2 codes; names come from Intl.DisplayNames in the page's language (no table to translate). */
const CODES =
  'AD AE AF AG AI AL AM AO AR AT AU AW AZ BA BB BD BE BF BG BH BI BJ BM BN BO BR BS BT BW BY BZ CA CD CF CG CH CI CL CM CN CO CR CV CY CZ DE DJ DK DM DO DZ EC EE EG ER ES ET FI FJ FM FR GA GB GD GE GH GI GM GN GQ GR GT GW GY HK HN HR HT HU ID IE IL IN IQ IS IT JM JO JP KE KG KH KI KM KN KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MG MH MK ML MM MN MO MR MT MU MV MW MX MY MZ NA NE NG NI NL NO NP NR NZ OM PA PE PG PH PK PL PT PW PY QA RO RS RW SA SB SC SE SG SI SK SL SM SN SR ST SV SZ TD TG TH TJ TL TM TN TO TR TT TV TW TZ UA UG UY UZ VA VC VE VN VU WS YE ZA ZM ZW'.split(' ');

export const COUNTRY_CODES: ReadonlySet<string> = new Set(CODES);

const cache = new Map<string, Array<{ value: string; label: string }>>();

export function countryOptions(lang: string): Array<{ value: string; label: string }> {
  let options = cache.get(lang);
  if (!options) {
    const names = new Intl.DisplayNames([lang, 'en'], { type: 'region' });
    options = CODES.map((c) => ({ value: c, label: names.of(c) ?? c })).sort((a, b) => a.label.localeCompare(b.label, lang));
    cache.set(lang, options);
  }
  return options;
}
