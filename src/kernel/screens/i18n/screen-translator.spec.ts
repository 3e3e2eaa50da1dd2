import { ScreenTranslator } from './screen-translator.service';

describe('ScreenTranslator: the cache of parameterless translations', () => {
  it('answers as i18next does, per language, with English as the fallback', () => {
    const tr = new ScreenTranslator();
    const de = tr.translator('de');
    expect(de('login.submit')).toBe('Anmelden');
    expect(de('login.submit')).toBe('Anmelden'); // from the cache
    expect(tr.translator('xx')('login.submit')).toBe(tr.translator('en')('login.submit'));
    expect(de('no.such.key')).toBe('no.such.key');
  });

  it('never serves a stale string after a module adds or overrides translations', () => {
    const tr = new ScreenTranslator();
    expect(tr.translator('en')('probe.greeting')).toBe('probe.greeting');
    tr.addTranslations({ en: { probe: { greeting: 'Hello' } } });
    expect(tr.translator('en')('probe.greeting')).toBe('Hello');
    tr.addTranslations({ en: { probe: { greeting: 'Hi' } } });
    expect(tr.translator('en')('probe.greeting')).toBe('Hi');
  });

  it('interpolates every call that has parameters (never cached)', () => {
    const tr = new ScreenTranslator();
    tr.addTranslations({ en: { probe: { count: 'You have {{n}}' } } });
    const en = tr.translator('en');
    expect(en('probe.count', { n: 1 })).toBe('You have 1');
    expect(en('probe.count', { n: 2 })).toBe('You have 2');
  });
});
