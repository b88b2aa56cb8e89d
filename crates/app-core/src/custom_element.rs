//! `<confab-chat config-url="…" client-type="web" room="…" layout="embedded">`: Confab as a
//! custom element. Each element mounts its own app in its own shadow root, so its styles apply
//! to it alone and the page's do not reach in, and several elements on one page are independent.
//! Changing an observed attribute mounts the app again with the new options; removing the
//! element unmounts it, which closes its socket and stops its timers and listeners.
//!
//! A page that loads Confab with `embed.js` may show each element's first screen, rendered by the
//! server, while the app loads: the element keeps it, and its app waits hidden beside it.
//!
//! A custom element has to be a JavaScript class; this one is a few lines that call back into
//! [`crate::mount`].

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export function defineConfabChat(mount) {
  if (customElements.get('confab-chat')) return;
  class ConfabChat extends HTMLElement {
    static get observedAttributes() { return ['config-url', 'client-type', 'room', 'layout', 'language']; }
    connectedCallback() { this.start(); }
    disconnectedCallback() { this.stop(); }
    attributeChangedCallback() { if (this.mounted) { this.stop(); this.start(); } }
    start() {
      const root = this.shadowRoot || this.attachShadow({ mode: 'open' });
      const container = document.createElement('div');
      container.className = 'confab-host';
      // A first screen the server rendered stays until the app's own replaces it (embed.js).
      const first = root.getElementById('confab-first');
      container.hidden = !!first;
      if (first) root.append(container);
      else root.replaceChildren(container);
      const option = (name) => this.getAttribute(name) || undefined;
      this.mounted = mount(container, {
        configUrl: option('config-url'), clientType: option('client-type'),
        room: option('room'), layout: option('layout'), language: option('language'),
      });
    }
    stop() {
      if (!this.mounted) return;
      this.mounted.unmount();
      this.mounted.free();
      this.mounted = null;
      if (this.shadowRoot) this.shadowRoot.replaceChildren();
    }
  }
  customElements.define('confab-chat', ConfabChat);
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = defineConfabChat)]
    fn define_confab_chat(mount: &js_sys::Function);
}

/// Defines `<confab-chat>` (once per page).
pub fn define() {
    let mount = Closure::<dyn Fn(web_sys::Element, JsValue) -> JsValue>::new(|element, options| {
        JsValue::from(crate::mount(element, options))
    });
    define_confab_chat(mount.as_ref().unchecked_ref());
    // The element class keeps calling it for as long as the page lives.
    mount.forget();
}
