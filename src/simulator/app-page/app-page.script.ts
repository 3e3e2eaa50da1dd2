/**
 * The app simulator page's behaviour, served as /app/app.js (plain browser JavaScript, no build step). It plays a
 * cTrader app: opens the broker's login screen in a frame and watches for the success URL (this simulator's
 * /app/success, same origin, so the frame's location is readable), exchanges the token through the simulator
 * (4.2), keeps the access token like the app's storage, draws the user's ribbons (3.9 rule set), opens in-app
 * screens with a fresh 4.4 token, re-logs in with 4.3 and logs out with 4.5. Tokens are never shown.
 */
export const APP_PAGE_SCRIPT = String.raw`
(function () {
  'use strict';
  var STORE = 'ctrader-app-simulator';
  var state = load();
  var target = null;
  var watcher = null;
  var $ = function (id) { return document.getElementById(id); };

  function load() { try { return JSON.parse(localStorage.getItem(STORE) || '{}'); } catch (e) { return {}; } }
  function save() { localStorage.setItem(STORE, JSON.stringify(state)); }
  function log(line) { var el = $('log'); el.textContent = new Date().toLocaleTimeString() + '  ' + line + '\n' + el.textContent; }

  function post(path, body) {
    return fetch('/__sim/app/' + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body || {}) })
      .then(function (r) { return r.json(); });
  }
  function get(path) { return fetch(path).then(function (r) { return r.ok ? r.json() : null; }); }

  function screenUrl(pathOrUrl, extra) {
    // Paths are the broker base URL's (which may carry a prefix); ribbon actions come as full URLs.
    var url = /^https?:/.test(pathOrUrl) ? new URL(pathOrUrl) : new URL(target.baseUrl + pathOrUrl);
    url.searchParams.set('brokerName', target.brokerName);
    url.searchParams.set('brokerCrmName', target.brokerCrmName);
    url.searchParams.set('lang', (navigator.language || 'en').slice(0, 2));
    url.searchParams.set('theme', 'dark');
    url.searchParams.set('source', 'Web');
    Object.keys(extra || {}).forEach(function (k) { if (extra[k] !== undefined && extra[k] !== null && extra[k] !== '') url.searchParams.set(k, extra[k]); });
    return url.toString();
  }

  function openFrame(url, title, watch) {
    $('frame-title').textContent = title;
    $('frame-box').classList.add('open');
    $('app-frame').src = url;
    stopWatching();
    // Like the app's embedded browser: every navigation is checked against the success URL.
    watcher = setInterval(function () {
      var loc;
      try { loc = $('app-frame').contentWindow.location; } catch (e) { return; }
      if (!loc || loc.origin !== location.origin || loc.pathname !== '/app/success') return;
      var token = new URLSearchParams(loc.search).get('token');
      closeFrame();
      if (token && watch) onToken(token);
      else log('screen closed (success URL without a token)');
    }, 150);
  }
  function stopWatching() { if (watcher) clearInterval(watcher); watcher = null; }
  function closeFrame() { stopWatching(); $('frame-box').classList.remove('open'); $('app-frame').src = 'about:blank'; }

  function onToken(token) {
    log('success URL seen; 4.2 exchange …');
    post('exchange', { code: token }).then(function (res) {
      if (res.status !== 200) { log('4.2 failed: ' + res.status + ' ' + ((res.body && res.body.code) || '')); return; }
      state = { userId: res.body.userId, accessToken: res.body.accessToken || null, inappToken: res.body.inappToken || null };
      save();
      log('4.2 → userId ' + state.userId + (state.accessToken ? ' (kept logged in)' : ''));
      render();
    });
  }

  function render() {
    var inside = !!state.userId;
    $('logged-in').hidden = !inside;
    $('logged-out').hidden = inside;
    $('session').textContent = inside ? 'User ' + state.userId : 'Logged out';
    $('user-id').textContent = inside ? String(state.userId) : '';
    $('ribbons').innerHTML = '';
    if (!inside) return;
    get('/__sim/accounts').then(function (data) {
      var select = $('account');
      var mine = ((data && data.accounts) || []).filter(function (a) { return a.userId === state.userId; });
      var chosen = select.value;
      select.innerHTML = '';
      mine.forEach(function (a) {
        var o = document.createElement('option');
        o.value = String(a.traderLogin);
        o.dataset.ctid = String(a.ctidTraderAccountId);
        o.textContent = a.traderLogin + ' (' + a.environmentName + ')';
        select.appendChild(o);
      });
      if (chosen) select.value = chosen;
      return drawRibbons();
    });
  }

  function currentCtid() { var o = $('account').selectedOptions[0]; return o ? o.dataset.ctid : null; }

  // cTrader draws enabled ribbons targeted at this session: account match, then brokerName, then all sessions.
  function drawRibbons() {
    return get('/__sim/in-app-controls/' + state.userId).then(function (controls) {
      var box = $('ribbons');
      box.innerHTML = '';
      var ribbons = (controls && controls.rules && controls.rules.ribbons) || [];
      ribbons.filter(function (r) {
        return r.enabled && (!r.brokerName || r.brokerName === target.brokerName) && (!r.ctidTraderAccountId || r.ctidTraderAccountId === currentCtid());
      }).forEach(function (r) {
        var el = document.createElement('div');
        el.className = 'ribbon';
        el.style.background = r.color;
        var title = document.createElement('span');
        title.className = 'title';
        title.textContent = r.title;
        el.appendChild(title);
        el.addEventListener('click', function () { ribbonAction(r.action); });
        if (r.closable) {
          var x = document.createElement('button');
          x.className = 'close';
          x.type = 'button';
          x.setAttribute('aria-label', 'Close ribbon');
          x.textContent = '✕';
          x.addEventListener('click', function (e) { e.stopPropagation(); el.remove(); });
          el.appendChild(x);
        }
        box.appendChild(el);
      });
    });
  }

  function ribbonAction(action) {
    if (action.urlExternal) { window.open(action.urlExternal, '_blank', 'noopener'); return; }
    if (action.urlinApp) openInapp(action.urlinApp, 'Broker');
  }

  // 4.4 for a fresh in-app token, then the broker's screen in the frame, as the app does for Deposit/Withdraw/Verify.
  function openInapp(path, title) {
    post('generate', { userId: state.userId, inappToken: state.inappToken || undefined }).then(function (res) {
      if (res.status !== 200) { log('4.4 failed: ' + res.status + ' ' + ((res.body && res.body.code) || '')); return; }
      log('4.4 → in-app token; opening ' + path);
      openFrame(screenUrl(path, { token: res.body.token, account: $('account').value }), title, false);
    });
  }

  function init() {
    get('/app/config').then(function (cfg) {
      target = cfg && cfg.brokerServer;
      $('login-button').disabled = !target;
      render();
    });
    $('login-button').addEventListener('click', function () { openFrame(screenUrl('/auth/login', { firstLogin: 'false' }), 'Log in', true); });
    $('paste-button').addEventListener('click', function () {
      try {
        var token = new URL($('paste-url').value).searchParams.get('token');
        if (token) { $('paste-url').value = ''; onToken(token); }
      } catch (e) { log('not a URL'); }
    });
    $('frame-close').addEventListener('click', closeFrame);
    $('deposit-button').addEventListener('click', function () { openInapp('/inapp/deposit', 'Deposit'); });
    $('withdraw-button').addEventListener('click', function () { openInapp('/inapp/withdraw', 'Withdraw'); });
    $('verify-button').addEventListener('click', function () { openInapp('/inapp/kyc', 'Verify'); });
    $('refresh-button').addEventListener('click', drawRibbons);
    $('account').addEventListener('change', drawRibbons);
    $('relogin-button').addEventListener('click', function () {
      if (!state.accessToken) { $('relogin-result').textContent = 'No access token (Keep me logged in was not ticked): log in again.'; return; }
      post('validate', { accessToken: state.accessToken }).then(function (res) {
        var ok = res.status === 200;
        if (ok && res.body.inappToken) { state.inappToken = res.body.inappToken; save(); }
        $('relogin-result').textContent = ok ? 'Re-login (4.3): userId ' + res.body.userId : 'Re-login failed: ' + res.status + ' ' + ((res.body && res.body.code) || '');
        log('4.3 → ' + res.status);
      });
    });
    $('logout-button').addEventListener('click', function () {
      post('logout', { userId: state.userId, accessToken: state.accessToken || undefined }).then(function (res) {
        log('4.5 → ' + res.status);
        state = {};
        save();
        $('relogin-result').textContent = '';
        render();
      });
    });
  }
  init();
})();
`;
