/*
 * launcher.js — a round button in a corner of the host page that opens the chat in a panel.
 * It is the lightest way to put Confab on a site: embed.js and this file, which embed.js fetches
 * for a page that asks for the launcher, are all a page fetches before the bubble shows. The app
 * comes when the browser is idle or at the first click, whichever is first; a click before then
 * opens the panel with a loading state, and the chat appears the moment it is ready.
 *
 * - <script src=".../embed.js" data-confab-launcher data-config-url="..."> (data-room,
 *   data-position="left|right", data-offset-x, data-offset-y, data-label, data-open-after
 *   seconds, data-open-on="/pricing,/help"), or Confab.launcher({ configUrl, room, position,
 *   offsetX, offsetY, label, openAfter, openOn, onOpen, onClose, onUnread, ... }) from a script, or
 *   the <confab-launcher config-url="..."> element. Other options go to the app's mount.
 * - Confab.open() and Confab.close() open and close the page's launcher.
 * - Its colours are the page's theme tokens (--confab-primary, --confab-on-primary), which reach
 *   into its shadow root; nothing else of the page does, and nothing of it leaks out.
 * - Whether the panel is open is kept for the tab (sessionStorage), so it stays open across the
 *   site's pages; the conversation is the app's, which keeps its own session.
 * - With data-visitor (or { visitor: true }), whoever is not signed in chats as a visitor: a token
 *   made on the first visit and kept in the browser (localStorage), or the host's own
 *   (visitorToken), goes to the config endpoint, which answers with that visitor's session; the
 *   panel opens their support conversation. The server stores nothing of a visitor until they
 *   write; a first-time visitor's app starts only when they open the panel, so a page view asks
 *   the server nothing (the app is fetched when the browser is idle all the same).
 */
(function (root) {
  'use strict';
  var Confab = root.Confab;
  if (!Confab || typeof document === 'undefined') return;
  var KEPT = 'confab-launcher-open';
  var VISITOR = 'confab-visitor';
  var ICON = '<svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">' +
    '<path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-4.5 3.6A.9.9 0 0 1 3 20.9V6a2 2 0 0 1 1-2z"/></svg>';
  var DOWN = '<svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">' +
    '<path fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round" d="M6 9l6 6 6-6"/></svg>';
  var CLOSE = '<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">' +
    '<path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" d="M6 6l12 12M18 6L6 18"/></svg>';
  // Pixels, never rem: the host page's root font size must not reach the launcher.
  var STYLE = ':host{all:initial!important;position:fixed!important;z-index:2147483000!important;' +
    'bottom:var(--dy)!important;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif!important;' +
    '--bg:var(--confab-primary,#1d5fd6);--fg:var(--confab-on-primary,#fff)}' +
    ':host([data-side=right]){right:var(--dx)!important}:host([data-side=left]){left:var(--dx)!important}' +
    '*{box-sizing:border-box}' +
    '.bubble{all:unset;box-sizing:border-box;width:60px;height:60px;border-radius:50%;background:var(--bg);color:var(--fg);' +
    'display:grid;place-items:center;cursor:pointer;box-shadow:0 6px 20px rgba(0,0,0,.24);position:relative;' +
    'transition:transform .15s}.bubble:hover{transform:scale(1.05)}' +
    '.bubble:focus-visible{outline:3px solid var(--bg);outline-offset:3px}' +
    ':host([data-open]) .bubble svg:first-child,.bubble svg+svg{display:none}:host([data-open]) .bubble svg+svg{display:block}' +
    '.badge{position:absolute;top:-4px;right:-4px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;' +
    'background:#c62828;color:#fff;font:700 12px/22px system-ui,sans-serif;text-align:center;border:2px solid #fff}' +
    '.badge[hidden]{display:none}' +
    '.panel{position:absolute;bottom:76px;width:400px;height:640px;max-height:calc(100vh - 120px);' +
    'max-width:calc(100vw - 32px);border-radius:16px;overflow:hidden;background:#fff;color:#1b1d21;' +
    'box-shadow:0 12px 48px rgba(0,0,0,.28);display:flex;flex-direction:column}' +
    ':host([data-side=right]) .panel{right:0}:host([data-side=left]) .panel{left:0}.panel[hidden]{display:none}' +
    '.bar{display:flex;align-items:center;gap:8px;padding:10px 10px 10px 16px;background:var(--bg);color:var(--fg)}' +
    '.title{flex:1;font-weight:600;font-size:15px;margin:0}' +
    '.close{all:unset;box-sizing:border-box;width:36px;height:36px;border-radius:8px;display:grid;place-items:center;cursor:pointer}' +
    '.close:hover{background:rgba(255,255,255,.16)}.close:focus-visible{outline:2px solid var(--fg)}' +
    '.chat{flex:1;min-height:0;position:relative}.chat>div{height:100%}' +
    '.loading{position:absolute;inset:0;display:grid;place-items:center;color:#5b6270;font-size:14px}' +
    '.loading[hidden]{display:none}' +
    '@media (prefers-color-scheme:dark){.panel{background:#1b1d21;color:#e6e8eb}.loading{color:#a9b0bb}}' +
    '@media (max-width:480px){.panel{position:fixed;inset:0;width:auto;height:auto;max-width:none;max-height:none;' +
    'border-radius:0;height:100dvh;padding-bottom:env(safe-area-inset-bottom)}' +
    '.bar{padding-top:calc(10px + env(safe-area-inset-top))}:host([data-open]) .bubble{display:none}}' +
    '@media (prefers-reduced-motion:reduce){.bubble{transition:none}}' +
    '.probe{position:absolute;visibility:hidden;font-size:medium}';

  var current = null;

  function number(value, fallback) {
    var n = parseFloat(value);
    return isFinite(n) ? n : fallback;
  }

  function kept() {
    try { return root.sessionStorage.getItem(KEPT) === '1'; } catch (e) { return false; }
  }

  function keep(open) {
    try { root.sessionStorage.setItem(KEPT, open ? '1' : '0'); } catch (e) { /* storage refused */ }
  }

  /** The visitor token kept in this browser, if any. */
  function keptVisitor() {
    try { return root.localStorage.getItem(VISITOR); } catch (e) { return null; }
  }

  /** A new visitor token (128 random bits), kept in this browser. */
  function newVisitor() {
    var bytes = new Uint8Array(16);
    root.crypto.getRandomValues(bytes);
    var token = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join('');
    try { root.localStorage.setItem(VISITOR, token); } catch (e) { /* kept for this page only */ }
    return token;
  }

  /** Puts the launcher on the page; answers its controls (open, close, remove). */
  function launcher(options) {
    options = options || {};
    if (current) current.remove();
    var label = options.label || 'Chat';
    var host = document.createElement('confab-launcher-root');
    host.setAttribute('data-side', options.position === 'left' ? 'left' : 'right');
    host.style.setProperty('--dx', number(options.offsetX, 20) + 'px');
    host.style.setProperty('--dy', number(options.offsetY, 20) + 'px');
    var shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<style>' + STYLE + '</style>' +
      '<div class="panel" role="dialog" id="confab-panel" hidden>' +
      '<div class="bar"><h2 class="title"></h2><button type="button" class="close"></button></div>' +
      '<div class="chat"><div class="loading" role="status">Loading…</div></div></div>' +
      '<button type="button" class="bubble" aria-controls="confab-panel" aria-expanded="false">' + ICON + DOWN +
      '<span class="badge" hidden></span></button>';
    var panel = shadow.querySelector('.panel');
    var bubble = shadow.querySelector('.bubble');
    var badge = shadow.querySelector('.badge');
    var closer = shadow.querySelector('.close');
    var loading = shadow.querySelector('.loading');
    shadow.querySelector('.title').textContent = label;
    panel.setAttribute('aria-label', label);
    bubble.setAttribute('aria-label', label);
    closer.setAttribute('aria-label', options.closeLabel || 'Close');
    closer.innerHTML = CLOSE;
    var mounted = null;
    var open = false;
    var timer = null;
    var unseen = 0;

    /** Shows `count` messages come while the panel was closed on the bubble, and tells the page. */
    function unread(count) {
      unseen = count;
      badge.hidden = !count || open;
      badge.textContent = count > 99 ? '99+' : String(count || '');
      bubble.setAttribute('aria-label', count && !open ? label + ' (' + count + ' unread)' : label);
      if (options.onUnread) options.onUnread({ count: count || 0 });
    }

    /** Starts the app in the panel, once. */
    function start() {
      if (mounted) return mounted;
      var settings = {};
      for (var key in options) settings[key] = options[key];
      settings.layout = 'embedded';
      if (options.visitor) {
        var token = options.visitorToken || keptVisitor() || newVisitor();
        var url = settings.configUrl || '/chat/config?clientType=web';
        settings.configUrl = url + (url.indexOf('?') < 0 ? '?' : '&') + 'visitor=' + encodeURIComponent(token);
        settings.room = settings.room || 'support';
      }
      var chat = document.createElement('div');
      shadow.querySelector('.chat').appendChild(chat);
      chat.addEventListener('confab:new-message', function () { if (!open) unread(unseen + 1); });
      mounted = Confab.mountInto(chat, settings).then(function (app) {
        loading.hidden = true;
        if (open) focusInside();
        return app;
      }, function (error) {
        loading.textContent = 'The chat could not load.';
        throw error;
      });
      return mounted;
    }

    /** Gives the focus to the chat's message field, or else to the panel's close button. */
    function focusInside() {
      var fields = shadow.querySelectorAll('.chat textarea, .chat [contenteditable=true], .chat input.text-field');
      var field = Array.prototype.filter.call(fields, function (f) { return f.getClientRects().length > 0; })[0];
      (field || closer).focus();
    }

    function show() {
      if (open) return;
      open = true;
      host.setAttribute('data-open', '');
      panel.hidden = false;
      bubble.setAttribute('aria-expanded', 'true');
      if (unseen) unread(0);
      keep(true);
      start();
      focusInside();
      if (options.onOpen) options.onOpen();
    }

    function hide() {
      if (!open) return;
      open = false;
      host.removeAttribute('data-open');
      panel.hidden = true;
      bubble.setAttribute('aria-expanded', 'false');
      keep(false);
      bubble.focus();
      if (options.onClose) options.onClose();
    }

    bubble.addEventListener('click', function () { if (open) hide(); else show(); });
    closer.addEventListener('click', hide);
    panel.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && !event.defaultPrevented) hide();
    });
    (document.body || document.documentElement).appendChild(host);
    // The app's rem in here is the reader's default font size, whatever the page made of its root
    // (the app's stylesheets scale every rem by --confab-rem).
    var probe = document.createElement('span');
    probe.className = 'probe';
    shadow.appendChild(probe);
    host.style.setProperty('--confab-rem', (parseFloat(getComputedStyle(probe).fontSize) || 16) + 'px', 'important');
    probe.remove();
    if (root.performance && performance.mark) performance.mark('confab:launcher');

    // The app comes when the browser has nothing better to do, or at the first click. A visitor
    // new to the site is fetched the app but not started: their session begins when they open.
    var idle = root.requestIdleCallback || function (run) { return setTimeout(run, 1500); };
    var firstVisit = options.visitor && !options.visitorToken && !keptVisitor();
    idle(function () { if (firstVisit) Confab.ready(); else start(); }, { timeout: 4000 });
    var path = root.location.pathname;
    var onPath = (options.openOn || []).some(function (prefix) { return path.indexOf(prefix) === 0; });
    if (kept()) show();
    else if (options.openAfter != null && (!options.openOn || onPath)) {
      timer = setTimeout(show, number(options.openAfter, 0) * 1000);
    }

    current = {
      open: show,
      close: hide,
      remove: function () {
        clearTimeout(timer);
        if (mounted) mounted.then(function (app) { app.unmount(); app.free(); });
        host.remove();
        if (current === this) current = null;
      },
    };
    return current;
  }

  function fromAttributes(element) {
    var read = function (name) { return element.getAttribute(name) || undefined; };
    var openOn = read('data-open-on') || read('open-on');
    return {
      configUrl: read('data-config-url') || read('config-url'),
      room: read('data-room') || read('room'),
      position: read('data-position') || read('position'),
      offsetX: read('data-offset-x') || read('offset-x'),
      offsetY: read('data-offset-y') || read('offset-y'),
      label: read('data-label') || read('label'),
      openAfter: read('data-open-after') || read('open-after'),
      openOn: openOn ? openOn.split(',').map(function (p) { return p.trim(); }) : undefined,
      visitor: element.hasAttribute('data-visitor') || element.hasAttribute('visitor'),
      visitorToken: read('data-visitor-token') || read('visitor-token'),
    };
  }

  /**
   * embed.js calls this with the launcher's options: an object, the <script data-confab-launcher>
   * element, or nothing for the page's <confab-launcher> elements.
   */
  Confab.startLauncher = function (options) {
    if (options && options.nodeType === 1) return launcher(fromAttributes(options));
    if (options) return launcher(options);
    defineElement();
    return current;
  };
  Confab.open = function () { if (current) current.open(); };
  Confab.close = function () { if (current) current.close(); };

  // <confab-launcher config-url="...">: the launcher, as an element the page places anywhere.
  function defineElement() {
    if (!root.customElements || root.customElements.get('confab-launcher')) return;
    root.customElements.define('confab-launcher', class extends HTMLElement {
      connectedCallback() { this.launcher = launcher(fromAttributes(this)); }
      disconnectedCallback() { if (this.launcher) this.launcher.remove(); }
    });
  }
  defineElement();
})(typeof self !== 'undefined' ? self : this);
