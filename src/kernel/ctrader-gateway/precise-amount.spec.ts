import { preciseAmountProblem, preciseAmountToJsonNumber } from './precise-amount';

describe('preciseAmount (3.5)', () => {
  it('serialises decimal text to the same literal, with no float drift', () => {
    const cases: Record<string, string> = {
      '0.29': '0.29',
      '0.1': '0.1',
      '100.50': '100.5',
      '100': '100',
      '123456789012.345': '123456789012.345',
      '0.000001': '0.000001',
      '99999999999999.9': '99999999999999.9',
    };
    for (const [text, literal] of Object.entries(cases)) expect(JSON.stringify(preciseAmountToJsonNumber(text))).toBe(literal);
    expect(JSON.stringify({ preciseAmount: preciseAmountToJsonNumber('0.29') })).toBe('{"preciseAmount":0.29}');
  });

  it('refuses what is not a positive plain decimal of at most 15 significant digits', () => {
    for (const bad of ['', '0', '0.00', '-1', '+1', '1e3', '1,5', ' 1', '01', '.5', '5.', 'NaN', '1234567890123456', '0.1234567890123456']) {
      expect(preciseAmountProblem(bad)).not.toBeNull();
    }
    expect(preciseAmountProblem(12)).not.toBeNull();
    expect(() => preciseAmountToJsonNumber('0')).toThrow(RangeError);
    expect(preciseAmountProblem('100000000000000000')).toBe('is too large');
    expect(preciseAmountProblem('100000000000000')).toBeNull();
  });
});
