import { integerOf, withIntegerFields } from './lenient-numbers';

describe('lenient numbers in cTrader answers', () => {
  it('takes an integer or an integer sent as a decimal string, nothing looser', () => {
    expect(integerOf(5)).toBe(5);
    expect(integerOf('00')).toBe(0);
    expect(integerOf('-12')).toBe(-12);
    expect(integerOf('3000001')).toBe(3000001);
    for (const bad of ['12.5', '1e3', ' 7', '', '0x10', '99999999999999999', 1.5, Number.MAX_SAFE_INTEGER + 2, null, undefined, true, {}]) {
      expect(integerOf(bad)).toBeUndefined();
    }
  });

  it('turns a trader’s integer fields into numbers and keeps the rest as sent', () => {
    const trader = withIntegerFields({ login: '3000001', moneyDigits: '8', balance: '00', brokerName: 'b', groupName: '123', extra: { a: '1' } });
    expect(trader).toEqual({ login: 3000001, moneyDigits: 8, balance: 0, brokerName: 'b', groupName: '123', extra: { a: '1' } });
    expect(withIntegerFields({ login: 'x', balance: '1.5' })).toEqual({ login: 'x', balance: '1.5' });
  });
});
