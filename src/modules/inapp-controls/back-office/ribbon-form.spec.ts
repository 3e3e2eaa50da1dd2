import { readableOn, readRibbonForm, ribbonInputOf, ribbonPreviews } from './ribbon-form';

const posted = (over: Record<string, unknown> = {}) => ({
  name: 'Welcome',
  title_en: 'Welcome, {firstName}',
  title_de: '',
  color: '#123456',
  actionKind: 'urlExternal',
  actionUrl: 'https://broker.example.com/welcome',
  closable: '1',
  priority: '3',
  audienceKind: 'accounts',
  audienceIds: '1001, 1002\n1001',
  startsAt: '2030-01-02T08:30',
  ...over,
});

describe('the ribbon form', () => {
  it('becomes the admin API body: empty titles dropped, unticked boxes false, instants in UTC, ids parsed', () => {
    const result = ribbonInputOf(readRibbonForm(posted()));
    expect(result.ok && { ...result.input }).toEqual({
      name: 'Welcome',
      title: { en: 'Welcome, {firstName}' },
      color: '#123456',
      action: { urlExternal: 'https://broker.example.com/welcome' },
      closable: true,
      enabled: false,
      startsAt: '2030-01-02T08:30:00.000Z',
      endsAt: null,
      priority: 3,
      audience: expect.objectContaining({ kind: 'accounts', logins: [1001, 1002, 1001] }),
    });
  });

  it.each([
    ['a colour that is not #rrggbb', { color: 'red' }, 'color'],
    ['ids that are not numbers', { audienceIds: '1001, abc' }, 'audienceIds'],
    ['no title at all', { title_en: '' }, 'titles'],
    ['a priority that is not a whole number', { priority: '1.5' }, 'priority'],
    ['a segment audience without segments', { audienceKind: 'segment' }, 'segments'],
  ])('names the field at fault for %s', (_what, over, field) => {
    const result = ribbonInputOf(readRibbonForm(posted(over)));
    expect(result.ok).toBe(false);
    expect(!result.ok && Object.keys(result.errors)).toContain(field);
  });

  it('previews the ribbon with sample values, in the preview language first, with readable text on its colour', () => {
    const previews = ribbonPreviews(readRibbonForm(posted({ title_es: 'Hola, {firstName} ({brokerName})', previewLanguage: 'es' })), 'Demo', 'en');
    expect(previews.map((p) => [p.language, p.text])).toEqual([
      ['es', 'Hola, Alex (Demo)'],
      ['en', 'Welcome, Alex'],
    ]);
    expect(previews[0]).toMatchObject({ background: '#123456', foreground: '#ffffff', closable: true, actionKind: 'urlExternal' });
    expect(readableOn('#ffee00')).toBe('#000000');
  });
});
