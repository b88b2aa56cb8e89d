/*
 * embed.mjs — Confab's stable entry as an ES module, for loaders that import (micro-lc's compose
 * `sources`, `<script type="module">`, `import()`): it starts this build, which defines
 * <confab-chat>, and exports `mount(element, options)`. embed.js is the same for classic scripts
 * and micro-lc parcels.
 */
import init, { mount } from './@APP@/main.js';

await init({ module_or_path: new URL('./@APP@/main_bg.wasm', import.meta.url) });

export { mount };
