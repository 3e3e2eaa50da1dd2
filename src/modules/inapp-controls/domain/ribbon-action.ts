import { RibbonCampaignAction } from './ribbon-campaign.types';

/** Our own in-app screens live under this path; a campaign may name them by path instead of a full URL. */
export const OWN_INAPP_PREFIX = '/inapp/';
const MAX_URL_LENGTH = 2000;

/** Problems of an action as the admin API receives it (empty when valid). */
export function actionProblems(action: unknown): string[] {
  if (!action || typeof action !== 'object' || Array.isArray(action)) return ['action must be an object with urlinApp or urlExternal'];
  const keys = Object.keys(action);
  const known = ['urlinApp', 'urlExternal'];
  const unknown = keys.filter((k) => !known.includes(k));
  if (unknown.length) return [`action.${unknown[0]} is not allowed: use urlinApp or urlExternal (case-sensitive, contract 3.9)`];
  if (keys.length !== 1) return ['action needs exactly one of urlinApp, urlExternal'];
  const key = keys[0] as 'urlinApp' | 'urlExternal';
  const url = (action as Record<string, unknown>)[key];
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_URL_LENGTH)
    return [`action.${key} must be a URL of at most ${MAX_URL_LENGTH} characters`];
  if (key === 'urlinApp' && isOwnInappPath(url)) return [];
  if (!isHttpUrl(url)) {
    return [
      key === 'urlinApp'
        ? `action.urlinApp must be an http(s) URL or a path of our in-app screens (${OWN_INAPP_PREFIX}…)`
        : 'action.urlExternal must be an http(s) URL',
    ];
  }
  return [];
}

export function isOwnInappPath(url: string): boolean {
  return url.startsWith(OWN_INAPP_PREFIX) && !url.includes('//') && !/[\s\\]/.test(url);
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/**
 * What cTrader receives: a path of our own screens becomes an absolute URL on our base URL, carrying the broker
 * (our screens identify the broker from the query, contract §1.2). Full URLs pass unchanged.
 */
export function resolveAction(action: RibbonCampaignAction, baseUrl: string, brokerName: string): RibbonCampaignAction {
  if ('urlExternal' in action) return { urlExternal: action.urlExternal };
  if (!isOwnInappPath(action.urlinApp)) return { urlinApp: action.urlinApp };
  // Concatenated, not resolved: new URL('/inapp/x', 'https://h/base') would drop the server's base path.
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}${action.urlinApp}`);
  if (!url.searchParams.has('brokerName')) url.searchParams.set('brokerName', brokerName);
  return { urlinApp: url.toString() };
}
