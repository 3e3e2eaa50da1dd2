import { isCredentialName } from './credential-names';

/**
 * A query string with the value of every credential-named parameter replaced by `mask`. Works on the raw text
 * (no re-encoding, repeated and array-shaped names each redacted, the order kept), so what is logged or shown is
 * the request as it came, minus the secrets.
 */
export function redactQuery(query: string, mask: string): string {
  return query
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      const rawName = eq < 0 ? part : part.slice(0, eq);
      return isCredentialName(safeDecode(rawName)) ? `${rawName}=${mask}` : part;
    })
    .join('&');
}

/**
 * A URL with its credentials masked: the password of the userinfo (`redis://user:pw@host` → `user:<mask>`) and
 * credential-named query parameters (`?password=`, `?token=`, `?sig=`). A relative URL (`/path?token=…`) has its
 * query masked. The fragment is treated like a query (`#access_token=…`).
 */
export function maskUrlCredentials(url: string, mask: string): string {
  let out = url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/?#@\s]*)@/i, (_m, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return colon < 0 ? `${scheme}${userinfo}@` : `${scheme}${userinfo.slice(0, colon)}:${mask}@`;
  });
  out = out.replace(/([?#])([^#]*)/g, (_m, sep: string, rest: string) => `${sep}${redactQuery(rest, mask)}`);
  return out;
}

/** Does this string look like an absolute URL (`scheme://…`)? */
export function isAbsoluteUrl(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(value);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}
