import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { BlockList, isIP, LookupFunction } from 'node:net';

/** Why a target was refused before any byte was sent (recorded in the delivery log, never retried into success). */
export class WebhookTargetRefused extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'WebhookTargetRefused';
  }
}

/**
 * Addresses a webhook may never reach in production: loopback, "this network", private (RFC 1918, CGNAT,
 * unique-local), link-local (cloud metadata at 169.254.169.254), benchmarking, multicast and reserved ranges.
 */
const NON_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NON_PUBLIC.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  NON_PUBLIC.addSubnet(net, prefix, 'ipv6');
}

/** True for an address a production webhook may connect to. An IPv4-mapped IPv6 address is judged as its IPv4. */
export function isPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPublicAddress(mapped[1]);
  // The WHATWG URL parser writes a mapped address in hex (::ffff:7f00:1): judge its IPv4 too.
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex) {
    const [hi, lo] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
    return isPublicAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  const family = isIP(address);
  if (family === 0) return false;
  return !NON_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

type Resolve = (hostname: string, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

const systemResolve: Resolve = (hostname, callback) => dnsLookup(hostname, { all: true, verbatim: true }, callback);

/**
 * The SSRF guard of outbound webhooks. Two checks, both needed:
 * - `checkUrl` before the request: https only, no credentials in the URL, and an IP-literal host judged at once
 *   (Node's socket never calls the lookup hook for a literal);
 * - `lookup`, the socket's DNS hook (undici Agent `connect.lookup`): the addresses are judged after resolution and
 *   the socket connects to exactly the addresses judged, so DNS rebinding between a check and the connect is moot.
 * `allowPrivate` (config webhooks.allowPrivateTargets, refused in production) lets tests reach a local receiver.
 */
export class WebhookTargetGuard {
  constructor(
    private readonly allowPrivate: boolean,
    private readonly resolve: Resolve = systemResolve,
  ) {}

  /** Throws WebhookTargetRefused for a URL that must not be called; returns the parsed URL otherwise. */
  checkUrl(raw: string): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new WebhookTargetRefused('not a valid URL');
    }
    if (url.protocol !== 'https:' && !(this.allowPrivate && url.protocol === 'http:')) throw new WebhookTargetRefused('only https URLs are allowed');
    if (url.username || url.password) throw new WebhookTargetRefused('credentials in the URL are not allowed');
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && !this.allowPrivate && !isPublicAddress(host)) throw new WebhookTargetRefused(`address ${host} is not public`);
    return url;
  }

  readonly lookup: LookupFunction = (hostname, options, callback) => {
    this.resolve(hostname, (err, found) => {
      if (err) return callback(err, '', 0);
      const wanted = options.family === 4 || options.family === 6 ? found.filter((a) => a.family === options.family) : found;
      if (wanted.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      const refused = this.allowPrivate ? undefined : wanted.find((a) => !isPublicAddress(a.address));
      if (refused) return callback(new WebhookTargetRefused(`${hostname} resolves to ${refused.address}, which is not public`), '', 0);
      if (options.all) return (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, wanted);
      callback(null, wanted[0].address, wanted[0].family);
    });
  };
}
