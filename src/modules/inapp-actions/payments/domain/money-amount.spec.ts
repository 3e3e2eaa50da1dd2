import { formatMinor, parseAmountToMinor, rescaleMinor } from './money-amount';

describe('money amounts in minor units', () => {
  it('parses typed amounts without floats', () => {
    expect(parseAmountToMinor('100', 2)).toBe(10000);
    expect(parseAmountToMinor('100.5', 2)).toBe(10050);
    expect(parseAmountToMinor('0,07', 2)).toBe(7);
    expect(parseAmountToMinor(' 1 000.10 ', 2)).toBe(100010);
    expect(parseAmountToMinor('0.1', 0)).toBeNull();
    expect(parseAmountToMinor('12', 0)).toBe(12);
  });

  it('refuses what is not a plain positive amount', () => {
    for (const bad of ['', '0', '0.00', '-5', '1e3', '1.234', 'abc', '1.2.3', '99999999999999', 'NaN', '.5']) {
      expect(parseAmountToMinor(bad, 2)).toBeNull();
    }
  });

  it('formats minor units as a plain decimal and round-trips', () => {
    expect(formatMinor(10050, 2)).toBe('100.50');
    expect(formatMinor(7, 2)).toBe('0.07');
    expect(formatMinor(7, 0)).toBe('7');
    expect(formatMinor(-150, 2)).toBe('-1.50');
    for (const n of [1, 9, 10, 99, 100, 123456789, 10 ** 12]) expect(parseAmountToMinor(formatMinor(n, 2), 2)).toBe(n);
  });

  it('rescales between money digits, rounding down', () => {
    expect(rescaleMinor(12345, 2, 2)).toBe(12345);
    expect(rescaleMinor(12345, 2, 4)).toBe(1234500);
    expect(rescaleMinor(12345, 3, 2)).toBe(1234);
  });
});
