import { escapeHtml } from '../app/ctrader-web-page';
import { BrokerServerTarget } from '../simulator-options';

/** The app simulator page. Markup only; the behaviour is app-page.script.ts. Ids are what the browser test uses. */
export function renderAppPage(target: Omit<BrokerServerTarget, 'password'> | null): string {
  const broker = target ? escapeHtml(target.brokerName) : 'your broker';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cTrader app (simulator)</title>
<style>
  * { box-sizing: border-box; }
  body { margin: 0; font-family: system-ui, sans-serif; background: #111417; color: #e8eaed; }
  header { display: flex; align-items: center; gap: .75rem; padding: .6rem 1rem; background: #1c2126; border-bottom: 1px solid #2c333a; flex-wrap: wrap; }
  header h1 { font-size: 1rem; margin: 0; flex: 1; }
  button { font: inherit; padding: .45rem .8rem; border-radius: .35rem; border: 1px solid #3a434c; background: #262d34; color: inherit; cursor: pointer; }
  button.primary { background: #2f6fed; border-color: #2f6fed; color: #fff; }
  main { padding: 1rem; max-width: 60rem; margin: 0 auto; }
  .ribbon { display: flex; align-items: center; gap: .5rem; padding: .5rem .75rem; border-radius: .3rem; margin-bottom: .5rem; color: #fff; cursor: pointer; }
  .ribbon .title { flex: 1; font-weight: 600; }
  .ribbon .close { background: transparent; border: 0; color: inherit; padding: 0 .3rem; font-size: 1.1rem; }
  .panel { background: #1c2126; border: 1px solid #2c333a; border-radius: .4rem; padding: 1rem; margin-bottom: 1rem; }
  .actions { display: flex; gap: .5rem; flex-wrap: wrap; margin-top: .75rem; }
  #frame-box { position: fixed; inset: 0; background: rgba(0,0,0,.6); display: none; align-items: center; justify-content: center; padding: 1rem; }
  #frame-box.open { display: flex; }
  #frame-box .sheet { background: #fff; width: min(28rem, 100%); height: min(44rem, 100%); border-radius: .5rem; overflow: hidden; display: flex; flex-direction: column; }
  #frame-box .bar { display: flex; justify-content: space-between; align-items: center; background: #1c2126; padding: .3rem .6rem; }
  #app-frame { border: 0; width: 100%; flex: 1; background: #fff; }
  #log { font: 12px/1.4 ui-monospace, monospace; white-space: pre-wrap; color: #9aa4ae; max-height: 12rem; overflow: auto; }
  .muted { color: #9aa4ae; }
  input { font: inherit; padding: .4rem; width: 100%; }
</style>
</head>
<body>
<header>
  <h1>cTrader app <span class="muted">(simulator)</span></h1>
  <span id="session" class="muted">Logged out</span>
</header>
<main>
  <div id="ribbons" aria-label="Ribbons"></div>
  <section class="panel" id="logged-out">
    <p>This page behaves like a cTrader app against <strong>${broker}</strong>${target ? ` at <code>${escapeHtml(target.baseUrl)}</code>` : ' (the simulator has no broker server configured: PUT /__sim/app/broker-server)'}.</p>
    <button class="primary" id="login-button" type="button">Log in with ${broker}</button>
    <details style="margin-top:1rem"><summary class="muted">The broker's success URL is not this page's <code>/app/success</code>?</summary>
      <p class="muted">Paste the URL the login ended on (it carries the one-time token):</p>
      <input id="paste-url" type="url" autocomplete="off"><div class="actions"><button id="paste-button" type="button">Use this URL</button></div>
    </details>
  </section>
  <section class="panel" id="logged-in" hidden>
    <p>User <strong id="user-id"></strong> · account <select id="account"></select></p>
    <div class="actions">
      <button class="primary" id="deposit-button" type="button">Deposit</button>
      <button id="withdraw-button" type="button">Withdraw</button>
      <button id="verify-button" type="button">Verify</button>
      <button id="relogin-button" type="button">Re-login (4.3)</button>
      <button id="refresh-button" type="button">Refresh ribbons</button>
      <button id="logout-button" type="button">Log out (4.5)</button>
    </div>
    <p id="relogin-result" class="muted"></p>
  </section>
  <section class="panel"><div class="muted">What the app did (4.x calls through the simulator):</div><div id="log" role="log"></div></section>
</main>
<div id="frame-box" role="dialog" aria-label="Broker screen">
  <div class="sheet">
    <div class="bar"><span id="frame-title" class="muted">Broker</span><button id="frame-close" type="button" aria-label="Close">✕</button></div>
    <iframe id="app-frame" title="Broker screen"></iframe>
  </div>
</div>
<script src="/app/app.js"></script>
</body>
</html>`;
}

/** The success URL's page: inside the app's frame the app picks the token up; opened on its own it says where to go. */
export function renderSuccessLanding(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Done</title></head>
<body style="font-family:system-ui,sans-serif">
<h1>Done</h1>
<p>The cTrader app picks this up and closes the window. Opened outside the app? Go to <a href="/app">the app simulator page</a>.</p>
</body></html>`;
}
