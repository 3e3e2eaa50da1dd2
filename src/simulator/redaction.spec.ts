import { redactBody, redactUrl } from './redaction';

describe('simulator redaction', () => {
  it('redacts the token query parameter and keeps the rest', () => {
    expect(redactUrl('/cid/oauth2/ctid/userId?token=abc123&brokerCrmName=crm_a')).toBe('/cid/oauth2/ctid/userId?token=[REDACTED]&brokerCrmName=crm_a');
    expect(redactUrl('/v2/webserv/traders')).toBe('/v2/webserv/traders');
    expect(redactUrl('/x?a=1')).toBe('/x?a=1');
  });

  it('redacts password hashes and tokens in bodies', () => {
    expect(redactBody({ login: 1, hashedPassword: 'h' })).toEqual({ login: 1, hashedPassword: '[REDACTED]' });
    expect(redactBody({ traderPasswordHash: 'h', token: 't', userId: 2 })).toEqual({
      traderPasswordHash: '[REDACTED]',
      token: '[REDACTED]',
      userId: 2,
    });
    expect(redactBody(undefined)).toBeNull();
  });
});
