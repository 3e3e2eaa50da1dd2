import { formatMoney, minorUnitsToDecimal } from './money-format';

describe('client-area money format', () => {
  it('cuts minor units into a decimal string without floats', () => {
    expect(minorUnitsToDecimal(234512, 2)).toBe('2345.12');
    expect(minorUnitsToDecimal(5, 2)).toBe('0.05');
    expect(minorUnitsToDecimal(-5, 2)).toBe('-0.05');
    expect(minorUnitsToDecimal(0, 0)).toBe('0');
    expect(minorUnitsToDecimal(9007199254740993n, 2)).toBe('90071992547409.93');
  });

  it('formats in the page language, exactly', () => {
    expect(formatMoney(234512, 2, 'USD', 'en')).toBe('$2,345.12');
    expect(formatMoney(234512, 2, 'EUR', 'de')).toBe('2.345,12\u00a0€');
    expect(formatMoney(10, 2, 'XYZ1', 'en')).toBe('0.10 XYZ1');
  });
});
