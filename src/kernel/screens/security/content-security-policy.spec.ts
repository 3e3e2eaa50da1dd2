import fc from 'fast-check';
import { buildContentSecurityPolicy, cspOrigin } from './content-security-policy';

const directive = (csp: string, name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `));

describe('buildContentSecurityPolicy', () => {
  const base = { frameAncestors: [], formAction: [], img: [], styleHashes: [] };

  it('frames only for configured origins (paths stripped), forms to us and the success origin', () => {
    const csp = buildContentSecurityPolicy({
      ...base,
      frameAncestors: ['https://app.ctrader.com', 'https://client.broker.example/area/'],
      formAction: ['https://crm.broker.example/callback/success?x=1'],
      img: ['https://cdn.broker.example/logo.svg'],
      styleHashes: ['sha256-' + 'a'.repeat(43) + '='],
    });
    expect(directive(csp, 'frame-ancestors')).toBe("frame-ancestors 'self' https://app.ctrader.com https://client.broker.example");
    expect(directive(csp, 'form-action')).toBe("form-action 'self' https://crm.broker.example");
    expect(directive(csp, 'img-src')).toBe("img-src 'self' data: https://cdn.broker.example");
    expect(directive(csp, 'style-src')).toBe(`style-src 'self' 'sha256-${'a'.repeat(43)}='`);
    expect(directive(csp, 'default-src')).toBe("default-src 'self'");
    expect(directive(csp, 'script-src')).toBe("script-src 'none'");
    expect(directive(csp, 'object-src')).toBe("object-src 'none'");
  });

  it('with nothing configured, only we may frame the page', () => {
    expect(directive(buildContentSecurityPolicy(base), 'frame-ancestors')).toBe("frame-ancestors 'self'");
  });

  it('drops wildcards, non-http schemes and injection attempts', () => {
    const csp = buildContentSecurityPolicy({
      ...base,
      frameAncestors: [
        '*',
        'https://*.ctrader.com',
        'javascript:alert(1)',
        'data:text/html,x',
        "https://a.example; script-src 'unsafe-inline'",
        'https://ok.example',
      ],
      img: ['*'],
      formAction: ['https://x.example,https://y.example'],
      styleHashes: ["'unsafe-inline'", 'sha256-short'],
    });
    expect(directive(csp, 'frame-ancestors')).toBe("frame-ancestors 'self' https://ok.example");
    expect(csp).not.toMatch(/unsafe|javascript|\*/);
  });

  it('never emits * whatever the configuration (property)', () => {
    const sources = fc.array(fc.oneof(fc.webUrl(), fc.string(), fc.constantFrom('*', 'https://*', '*.example.com', 'http://*:*')), { maxLength: 6 });
    fc.assert(
      fc.property(sources, sources, sources, (frameAncestors, formAction, img) => {
        const csp = buildContentSecurityPolicy({ frameAncestors, formAction, img, styleHashes: [], frame: img });
        expect(csp).not.toContain('*');
        expect(csp.split('; ').map((d) => d.split(' ')[0])).toEqual([
          'default-src',
          'script-src',
          'style-src',
          'img-src',
          'font-src',
          'connect-src',
          'frame-src',
          'object-src',
          'base-uri',
          'form-action',
          'frame-ancestors',
        ]);
      }),
    );
  });

  it("back-office pages: frames of our own origin only (frame-src 'self'), framed by nobody (frame-ancestors 'none')", () => {
    const csp = buildContentSecurityPolicy({
      frameAncestors: ['https://app.example'],
      formAction: [],
      img: [],
      styleHashes: [],
      frameSelf: true,
      noFraming: true,
    });
    expect(csp).toContain("frame-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'none'");
  });

  it('cspOrigin keeps only http(s) origins', () => {
    expect(cspOrigin('http://localhost:3100/x')).toBe('http://localhost:3100');
    expect(cspOrigin('ftp://x.example')).toBeUndefined();
    expect(cspOrigin(undefined)).toBeUndefined();
  });
});
