#!/bin/sh
# Trunk's post-build hook: writes the stable entries embed.js (from loader.js) and embed.mjs (from
# module.js), with this build's hashed file names, into the build beside the files they name.
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk}"
module=$(cd "$dir" && ls confab-*.js 2>/dev/null | grep -v '_bg\.js$' | head -n 1 || true)
wasm=$(cd "$dir" && ls confab-*_bg.wasm 2>/dev/null | head -n 1 || true)
# Another page built with this Trunk.toml (the benchmark's floor app) has no Confab to load.
if [ -z "$module" ] || [ -z "$wasm" ]; then
  echo "write-loader: no confab-*.js and confab-*_bg.wasm in this build; no embed.js written" >&2
  exit 0
fi
here=$(dirname "$0")
# Comment lines (whole lines starting //, /* or *) are for readers of the source, not downloads.
strip='/^[[:space:]]*\/\//d; /^[[:space:]]*\/\*/d; /^[[:space:]]*\*/d'
sed -e "$strip" -e "s|@MODULE@|$module|" -e "s|@WASM@|$wasm|" "$here/loader.js" > "$dir/embed.js"
sed -e "$strip" -e "s|@MODULE@|$module|" -e "s|@WASM@|$wasm|" "$here/module.js" > "$dir/embed.mjs"
