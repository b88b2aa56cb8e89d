/*
 * embed.js — Confab's stable entry for pages that are not Confab's own. Its address never
 * changes; each build writes in the hashed names of its own module and WebAssembly, so hosts keep
 * one URL while browsers cache the build forever.
 *
 * embed.mjs is the same as an ES module.
 *
 * - As a plain script it defines <confab-chat> and offers window.Confab.mountInto(element, options)
 *   (the options of Confab's `mount`: configUrl, clientType, room, layout, language, callbacks).
 * - As a micro-lc parcel (qiankun runs it as a UMD script) it exports bootstrap, mount and
 *   unmount. Properties: configUrl, clientType, room, layout, and base (where the build is, when
 *   not beside this script's address). The language is micro-lc's; the
 *   room opened is kept in the page's address (`?room=`), so a link or a reload opens it again.
 */
(function (root, factory) {
  var api = factory(root);
  if (typeof module === 'object' && module && module.exports) module.exports = api;
  else root.Confab = api;
})(typeof self !== 'undefined' ? self : this, function (root) {
  'use strict';
  var MODULE = '@APP@/main.js';
  var WASM = '@APP@/main_bg.wasm';
  var base = ownAddress();
  var loading = null;

  /**
   * Where this script was loaded from, so the build beside it is found. A parcel's script is
   * fetched and evaluated by qiankun, so it has no `currentScript`; qiankun names the source
   * (`//# sourceURL=`), and the engine reports it in a stack trace. The page's address is the
   * last resort; a parcel's `base` property overrides them all.
   */
  function ownAddress() {
    var script = document.currentScript;
    if (script && script.src) return script.src;
    var stack = String(new Error().stack || '');
    var found = stack.match(/(https?:\/\/[^\s()@]+?):\d+:\d+/);
    return found ? found[1] : document.baseURI;
  }

  /** Loads and starts the build once; resolves to its module. */
  function ready() {
    if (!loading) {
      var module = new URL(MODULE, base).href;
      loading = import(module).then(function (confab) {
        return confab.default({ module_or_path: new URL(WASM, base).href }).then(function () { return confab; });
      });
    }
    return loading;
  }

  function mountInto(element, options) {
    return ready().then(function (confab) { return confab.mount(element, options || {}); });
  }

  // micro-lc parcels: one app per container, released on unmount.
  var parcels = new Map();

  function roomInAddress() {
    return new URLSearchParams(window.location.search).get('room') || undefined;
  }

  function parcelOptions(props) {
    var api = props.microlcApi;
    var extensions = api && api.getExtensions ? api.getExtensions() : {};
    var language = extensions.language && extensions.language.getLanguage ? extensions.language.getLanguage() : undefined;
    var keepRoom = function (room) {
      var query = new URLSearchParams(window.location.search);
      if (query.get('room') === room.name) return;
      query.set('room', room.name);
      var address = window.location.pathname + '?' + query.toString() + window.location.hash;
      if (api && api.router) api.router.replaceState(window.history.state, '', address);
    };
    return {
      configUrl: props.configUrl, clientType: props.clientType, layout: props.layout,
      room: roomInAddress() || props.room, language: language, onRoomOpened: keepRoom,
    };
  }

  function bootstrap(props) {
    if (props && typeof props.base === 'string' && !loading) base = new URL(props.base, document.baseURI).href;
    return ready().then(function () {});
  }

  // Each parcel gets a shadow root of its own, as <confab-chat> does: its styles and theme stay
  // inside, and micro-lc's do not reach in. A parcel is registered as soon as it starts, so an
  // unmount that comes while it is still starting releases it once started.
  function mount(props) {
    var container = props.container;
    return release(container).then(function () {
      var target = document.createElement('div');
      target.className = 'confab-parcel';
      target.style.height = '100%';
      var inner = document.createElement('div');
      inner.style.height = '100%';
      target.attachShadow({ mode: 'open' }).appendChild(inner);
      container.appendChild(target);
      var parcel = mountInto(inner, parcelOptions(props)).then(function (mounted) {
        return { mounted: mounted, target: target };
      });
      parcels.set(container, parcel);
      watch();
      return parcel.then(function () {});
    });
  }

  // A host may drop a parcel's container without unmounting it (micro-lc does when its language
  // changes): a parcel whose element has left the page is released all the same.
  var watcher = null;

  function watch() {
    if (watcher) return;
    watcher = new MutationObserver(function () {
      parcels.forEach(function (parcel, container) {
        parcel.then(function (started) {
          if (!started.target.isConnected) release(container);
        });
      });
    });
    watcher.observe(document, { childList: true, subtree: true });
  }

  function release(container) {
    var parcel = parcels.get(container);
    if (!parcel) return Promise.resolve();
    parcels.delete(container);
    if (parcels.size === 0 && watcher) {
      watcher.disconnect();
      watcher = null;
    }
    return parcel.then(function (started) {
      started.mounted.unmount();
      started.mounted.free();
      started.target.remove();
    });
  }

  function unmount(props) {
    return release(props.container);
  }

  // The launcher (launcher.js, beside this script) is fetched only by a page that asks for it:
  // data-confab-launcher on this script, Confab.launcher(options), or <confab-launcher>.
  var launching = null;
  function launcher(options) {
    api.lazy = true;
    launching = launching || new Promise(function (loaded, failed) {
      var script = document.createElement('script');
      script.src = new URL('launcher.js', base).href;
      script.onload = loaded;
      script.onerror = failed;
      document.head.appendChild(script);
    });
    return launching.then(function () { return api.startLauncher(options); });
  }

  var api = { ready: ready, mountInto: mountInto, bootstrap: bootstrap, mount: mount, unmount: unmount, launcher: launcher };
  // Confab.open() and Confab.close(), until launcher.js replaces them with its own.
  ['open', 'close'].forEach(function (name) {
    api[name] = function () { if (launching) launching.then(function () { api[name](); }); };
  });

  // @TAKE_OVER@

  // Each <confab-chat> already in the page shows its reader's first screen, rendered by the chat
  // server beside the config (`/chat/first-screen`), while the build loads: in the element's
  // shadow root, where the element's app takes it over (first-screen.js). An element whose app
  // has started first, or whose server renders none, waits for its app as before.
  // The build is fetched once they are shown: on a slow network, first what the reader sees.
  function showFirstScreens() {
    var shown = Array.prototype.map.call(document.querySelectorAll('confab-chat'), function (element) {
      if (element.shadowRoot || element.getAttribute('layout') === 'embedded') return null;
      var shadow = element.attachShadow({ mode: 'open' });
      var url = new URL(element.getAttribute('config-url') || '/chat/config', document.baseURI);
      url.pathname = url.pathname.replace(/config$/, 'first-screen');
      url.search = '?clientType=' + encodeURIComponent(element.getAttribute('client-type') || 'web') +
        '&utcOffset=' + -new Date().getTimezoneOffset();
      return fetch(url, { credentials: 'include' })
        .then(function (response) { return response.status === 200 ? response.text() : ''; })
        .then(function (html) {
          if (!html || shadow.querySelector('.confab-host')) return;
          var first = document.createElement('div');
          first.id = 'confab-first';
          first.innerHTML = html;
          // What it was rendered from (a login among it) is for the app's own page.
          var data = first.querySelector('#confab-first-screen');
          if (data) data.remove();
          shadow.prepend(first);
          performance.mark('confab:first-screen');
          confabTakeOver(first, shadow, '.confab-host');
        }, function () {});
    });
    return Promise.all(shown);
  }

  // A plain page gets <confab-chat> as soon as the build is loaded; one with the launcher gets
  // the build when the browser is idle or at the first click.
  var own = document.currentScript;
  var start = function () {
    if (own && own.hasAttribute('data-confab-launcher')) launcher(own);
    else if (document.querySelector('confab-launcher')) launcher();
    else if (!api.lazy) showFirstScreens().then(ready);
  };
  if (!root.__POWERED_BY_QIANKUN__) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
    else start();
  }

  return api;
});
