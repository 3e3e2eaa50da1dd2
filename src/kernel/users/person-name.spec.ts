import { isPersonName, normalizePersonName, personNameProblem } from './person-name';

describe('person names', () => {
  it.each([
    'Anna',
    'José María',
    "O'Neil",
    'O’Brien',
    'Jean-Luc',
    'J. R.',
    'Ærøskøbing Ødegård',
    'Zoë Łukasiewicz-Żółć',
    '张伟',
    '阿沛·阿旺晋美',
    'محمد عبد الله',
    'Ελένη',
    'Владимир',
    'देवनागरी',
    'さとう・たろう',
    'مهرداد\u200Cپور',
    "'t Hooft",
  ])('accepts %s', (name) => {
    expect(personNameProblem(normalizePersonName(name))).toBeUndefined();
  });

  it.each([
    ['<a href="https://evil.com">x</a>'],
    ['<b>Bob</b>'],
    ['http://evil.com'],
    ['https://x'],
    ['www.evil'],
    ['evil.com/x'],
    ['evil.com'],
    ['Bob evil.co'],
    ['Line\nbreak'],
    ['Carriage\rreturn'],
    ['Tab\there'],
    ['Null\u0000'],
    ['Bidi\u202Eoverride'],
    ['Line\u2028separator'],
    ['R2D2'],
    ['mail@example'],
    ["'-."],
    ['x'.repeat(101)],
  ])('refuses %j', (name) => {
    expect(personNameProblem(normalizePersonName(name))).toBe('invalid');
  });

  it('says required for nothing but spaces, and normalises spacing and composition', () => {
    expect(personNameProblem(normalizePersonName('   '))).toBe('required');
    expect(personNameProblem(normalizePersonName(undefined))).toBe('required');
    expect(normalizePersonName('  Mary   Ann  ')).toBe('Mary Ann');
    expect(normalizePersonName('Jose\u0301')).toBe('José');
    expect(isPersonName('José')).toBe(true);
  });
});
