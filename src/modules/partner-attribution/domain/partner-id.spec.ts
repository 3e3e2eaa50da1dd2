import { PARTNER_TRANSLATIONS } from '../i18n/partner-translations';
import { newPartnerId, PARTNER_ID_PATTERN } from './partner-id';

describe('partner ids', () => {
  it('are the prefix + 10 URL-safe characters without look-alikes, and differ', () => {
    const ids = new Set(Array.from({ length: 2000 }, () => newPartnerId('p')));
    expect(ids.size).toBe(2000);
    for (const id of ids) {
      expect(id).toMatch(/^p[a-km-np-z2-9]{10}$/);
      expect(PARTNER_ID_PATTERN.test(id)).toBe(true);
      expect(encodeURIComponent(id)).toBe(id);
    }
    expect(newPartnerId('')).toHaveLength(10);
  });
});

describe('partner area translations', () => {
  const keysOf = (tree: Record<string, string>) => Object.keys(tree).sort();
  const placeholders = (s: string) => (s.match(/{{\w+}}/g) ?? []).sort();

  it('every language has every English key, with the same placeholders', () => {
    const en = PARTNER_TRANSLATIONS.en.partner as Record<string, string>;
    for (const [lang, bundle] of Object.entries(PARTNER_TRANSLATIONS)) {
      const tree = bundle.partner as Record<string, string>;
      expect({ lang, keys: keysOf(tree) }).toEqual({ lang, keys: keysOf(en) });
      for (const k of Object.keys(en)) expect({ lang, k, p: placeholders(tree[k]) }).toEqual({ lang, k, p: placeholders(en[k]) });
    }
  });
});
