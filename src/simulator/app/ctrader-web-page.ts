/** What the simulated cTrader Web page shows after trying to exchange its token through 4.2. */
export interface CtraderWebPageView {
  status: 'authorised' | 'error';
  userId: number | null;
  account: string | null;
  lang: string | null;
  theme: string | null;
  errorCode: string | null;
}

/**
 * A deliberately tiny stand-in for cTrader Web: enough for a browser test to see that Embedded cTrader Web
 * arrived authorised (contract 4.2, conformance 6.3.8). Machine-readable attributes sit on #ctweb-status.
 * The token is never rendered: pages get screenshotted and logged.
 */
export function renderCtraderWebPage(view: CtraderWebPageView): string {
  const theme = view.theme === 'dark' ? 'dark' : 'light';
  const attrs = [
    `id="ctweb-status"`,
    `data-status="${escapeHtml(view.status)}"`,
    `data-user-id="${view.userId ?? ''}"`,
    `data-account="${escapeHtml(view.account ?? '')}"`,
    `data-lang="${escapeHtml(view.lang ?? '')}"`,
    `data-theme="${theme}"`,
    `data-error-code="${escapeHtml(view.errorCode ?? '')}"`,
  ].join(' ');
  const message =
    view.status === 'authorised'
      ? `Logged in as user ${view.userId ?? ''}${view.account ? ` — account ${escapeHtml(view.account)}` : ''}`
      : `Login failed: ${escapeHtml(view.errorCode ?? 'UNKNOWN_ERROR')}`;
  const colors = theme === 'dark' ? 'background:#1b1f24;color:#e6e6e6' : 'background:#ffffff;color:#1b1f24';
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(view.lang ?? 'en')}">`,
    '<head><meta charset="utf-8"><title>cTrader Web (simulator)</title></head>',
    `<body class="theme-${theme}" style="font-family:sans-serif;${colors}">`,
    '<h1>cTrader Web (simulator)</h1>',
    `<p ${attrs}>${message}</p>`,
    '</body></html>',
  ].join('\n');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
