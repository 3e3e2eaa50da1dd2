import { addMinorUnits, decimalTextToMinorUnits, jsonNumberToMinorUnits, minorUnitsToDecimalText, MoneyFormatError } from './money';

describe('simulator money', () => {
  describe('decimalTextToMinorUnits', () => {
    it.each([
      ['100', 10000],
      ['100.1', 10010],
      ['100.10', 10010],
      ['0.29', 29],
      ['0.3', 30],
      ['1.500', 150],
      ['0', 0],
      ['007.05', 705],
      ['1e2', 10000],
      ['1.5E3', 150000],
      ['1e-2', 1],
      ['12300e-2', 12300],
      ['90071992547409.91', 9007199254740991],
    ])('%s → %d minor units', (text, minor) => {
      expect(decimalTextToMinorUnits(text, 2)).toBe(minor);
    });

    it.each(['0.001', '1.005', '1e-3', '-1', '+1', '1,5', '', 'abc', '1.', '.5', 'NaN', 'Infinity', '90071992547409.92'])('rejects %j', (text) => {
      expect(() => decimalTextToMinorUnits(text, 2)).toThrow(MoneyFormatError);
    });

    it('honours moneyDigits', () => {
      expect(decimalTextToMinorUnits('1.2345', 4)).toBe(12345);
      expect(decimalTextToMinorUnits('12', 0)).toBe(12);
      expect(() => decimalTextToMinorUnits('1.5', 0)).toThrow(MoneyFormatError);
    });
  });

  describe('jsonNumberToMinorUnits', () => {
    it('is exact where float multiplication drifts', () => {
      expect(0.29 * 100).not.toBe(29);
      expect(jsonNumberToMinorUnits(0.29, 2)).toBe(29);
      expect(jsonNumberToMinorUnits(1.1, 2)).toBe(110);
      expect(jsonNumberToMinorUnits(4.35, 2)).toBe(435);
    });

    it('sees the drift of a sender that added floats (0.1 + 0.2)', () => {
      expect(() => jsonNumberToMinorUnits(0.1 + 0.2, 2)).toThrow(MoneyFormatError);
    });

    it('handles the exponent forms JavaScript prints (1e+21, 1e-7) by refusing them as out of range', () => {
      expect(String(1e21)).toBe('1e+21');
      expect(() => jsonNumberToMinorUnits(1e21, 2)).toThrow(/too large/);
      expect(() => jsonNumberToMinorUnits(1e-7, 2)).toThrow(/decimal places/);
    });

    it('rejects negatives and non-finite values', () => {
      expect(() => jsonNumberToMinorUnits(-1, 2)).toThrow(MoneyFormatError);
      expect(() => jsonNumberToMinorUnits(Number.NaN, 2)).toThrow(MoneyFormatError);
      expect(() => jsonNumberToMinorUnits(1e-7, 2)).toThrow(MoneyFormatError);
    });
  });

  describe('minorUnitsToDecimalText', () => {
    it.each([
      [0, '0.00'],
      [5, '0.05'],
      [-5, '-0.05'],
      [12345, '123.45'],
      [-10010, '-100.10'],
    ])('%d → %s', (minor, text) => {
      expect(minorUnitsToDecimalText(minor, 2)).toBe(text);
    });

    it('supports zero digits', () => {
      expect(minorUnitsToDecimalText(42, 0)).toBe('42');
    });
  });

  it('addMinorUnits refuses to lose precision', () => {
    expect(addMinorUnits(10, 20)).toBe(30);
    expect(() => addMinorUnits(Number.MAX_SAFE_INTEGER, 1)).toThrow(MoneyFormatError);
  });
});
