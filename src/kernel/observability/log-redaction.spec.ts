import { redactHeaders, redactResponseHeaders, redactUrl } from './log-redaction';

describe('log redaction', () => {
  it('redacts token-bearing query parameters by name, whatever their case', () => {
    const out = redactUrl('/oauth2/authorize?crmApiToken=abc&brokerName=b&Token=x&code=y');
    expect(out).not.toMatch(/abc|=x|=y/);
    expect(out).toContain('brokerName=b');
  });

  it('redacts repeated and array-shaped token parameters, each of them (issue #17)', () => {
    const out = redactUrl(
      '/oauth2/authorize?crmApiToken=a1&crmApiToken=b2&crmApiToken[]=c3&token[0]=d4&crmApiToken%5B%5D=e5&x[accessToken]=[redacted]&inappToken[k]=g7&brokerName=b',
    );
    expect(out).toBe(
      '/oauth2/authorize?crmApiToken=[redacted]&crmApiToken=[redacted]&crmApiToken[]=[redacted]&token[0]=[redacted]&crmApiToken%5B%5D=[redacted]&x[accessToken]=[redacted]&inappToken[k]=[redacted]&brokerName=b',
    );
  });

  it('redacts a parameter named by fragment (…Secret, …Password, …Signature) and leaves ordinary ones', () => {
    expect(redactUrl('/x?newPassword=p&webhookSecret=s&sig=g&lang=de&accountLogin=5')).toBe(
      '/x?newPassword=[redacted]&webhookSecret=[redacted]&sig=[redacted]&lang=de&accountLogin=5',
    );
  });

  it('leaves URLs without a query alone and redacts credential headers', () => {
    expect(redactUrl('/health/live')).toBe('/health/live');
    expect(redactHeaders({ authorization: 'Bearer s', Cookie: 'sid=1', host: 'h' })).toEqual({ authorization: '[redacted]', Cookie: '[redacted]', host: 'h' });
  });

  it('redacts every signature or credential header by name, not by a list (issue #17)', () => {
    const headers = {
      'x-payment-signature': 'sha256=abc',
      'x-hub-signature-256': 'sha256=def',
      'x-api-key': 'k',
      'proxy-authorization': 'Basic x',
      'x-auth-token': 't',
      'x-webhook-secret': 's',
      'x-csrf-token': 'c',
      'set-cookie': 'sid=1',
      host: 'crm.example.com',
      'content-type': 'application/json',
      'x-request-id': 'r1',
      'user-agent': 'ua',
    };
    expect(redactHeaders(headers)).toEqual({
      'x-payment-signature': '[redacted]',
      'x-hub-signature-256': '[redacted]',
      'x-api-key': '[redacted]',
      'proxy-authorization': '[redacted]',
      'x-auth-token': '[redacted]',
      'x-webhook-secret': '[redacted]',
      'x-csrf-token': '[redacted]',
      'set-cookie': '[redacted]',
      host: 'crm.example.com',
      'content-type': 'application/json',
      'x-request-id': 'r1',
      'user-agent': 'ua',
    });
  });

  it("redacts the token of a redirect's Location header", () => {
    const out = redactResponseHeaders({ location: 'https://web.example/ctrader-web?token=abc&account=1', 'set-cookie': 'sid=1', 'content-length': '0' });
    expect(out).toEqual({ location: 'https://web.example/ctrader-web?token=[redacted]&account=1', 'set-cookie': '[redacted]', 'content-length': '0' });
  });
});
