/** A minimal cookie jar for fetch-based screen tests: remembers name=value from Set-Cookie, sends them back. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Parsed Set-Cookie headers of a response, attributes lower-cased: { name, value, attrs }. */
  static parse(headers: Headers): Array<{ name: string; value: string; attrs: Record<string, string | true> }> {
    return headers.getSetCookie().map((line) => {
      const [pair, ...rest] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const attrs: Record<string, string | true> = {};
      for (const a of rest) {
        const i = a.indexOf('=');
        if (i < 0) attrs[a.toLowerCase()] = true;
        else attrs[a.slice(0, i).toLowerCase()] = a.slice(i + 1);
      }
      return { name: pair.slice(0, eq), value: decodeURIComponent(pair.slice(eq + 1)), attrs };
    });
  }

  store(headers: Headers): void {
    for (const c of CookieJar.parse(headers)) {
      const expired = c.value === '' || c.attrs['max-age'] === '0' || (typeof c.attrs.expires === 'string' && Date.parse(c.attrs.expires) < Date.now());
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  set(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
  }
}
