import { AppConfig } from '../../config/app-config';

/**
 * Where a plain-HTTP GET is sent in production (contract §1.1): the configured public origin
 * (`server.baseUrl`), or the request's own host only when that host is one a broker is configured for
 * (`brokers[].hosts`, the host-mapped white labels). Never the raw `Host` header: an attacker-chosen Host would
 * make the 308 an open redirect (issue #17).
 */
export function httpsRedirectTarget(config: AppConfig, hostname: string | undefined, url: string): string {
  const host = (hostname ?? '').replace(/:\d+$/, '').toLowerCase();
  const brokerHost = host && config.brokers.some((b) => b.hosts.some((h) => h.toLowerCase() === host));
  const origin = brokerHost ? `https://${host}` : new URL(config.server.baseUrl).origin.replace(/^http:/, 'https:');
  return `${origin}${url.startsWith('/') ? url : `/${url}`}`;
}
