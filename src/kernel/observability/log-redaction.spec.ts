import { redactHeaders, redactResponseHeaders, redactUrl } from './log-redaction';

describe('log redaction', () => {
  it('redacts token-bearing query parameters by name, whatever their case', () => {
    const out = redactUrl('/oauth2/authorize?crmApiToken=abc&brokerName=b&Token=x&code=y');
    expect(out).not.toMatch(/abc|=x|=y/);
    expect(out).toContain('brokerName=b');
  });
  it('leaves URLs without a query alone and redacts credential headers', () => {
    expect(redactUrl('/health/live')).toBe('/health/live');
    expect(redactHeaders({ authorization: 'Bearer s', Cookie: 'sid=1', host: 'h' })).toEqual({ authorization: '[redacted]', Cookie: '[redacted]', host: 'h' });
  });

  it('redacts the token of a redirect\'s Location header', () => {
    const out = redactResponseHeaders({ location: 'https://web.example/ctrader-web?token=abc&account=1', 'set-cookie': 'sid=1', 'content-length': '0' });
    expect(out).toEqual({ location: 'https://web.example/ctrader-web?token=%5Bredacted%5D&account=1', 'set-cookie': '[redacted]', 'content-length': '0' });
  });
});
