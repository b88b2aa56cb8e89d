#!/bin/sh
# Trunk's post-build hook: writes the stable entries embed.js (from loader.js) and embed.mjs (from
# module.js), with this build's hashed file names, into the build beside the files they name.
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk}"
# The app's files are confab-<hash>.js and confab-<hash>_bg.wasm; another page built with this
# Trunk.toml (the benchmark's floor app, confab-floor-<hash>.js) has no Confab to load.
module=$(ls "$dir" | grep -E '^confab-[0-9a-f]+\.js$' | head -n 1 || true)
wasm=$(ls "$dir" | grep -E '^confab-[0-9a-f]+_bg\.wasm$' | head -n 1 || true)
if [ -z "$module" ] || [ -z "$wasm" ]; then
  echo "write-loader: no confab-<hash>.js and confab-<hash>_bg.wasm in this build; no embed.js written" >&2
  exit 0
fi
here=$(dirname "$0")
# Comment lines (whole lines starting //, /* or *) are for readers of the source, not downloads.
strip='/^[[:space:]]*\/\//d; /^[[:space:]]*\/\*/d; /^[[:space:]]*\*/d'
sed -e "$strip" -e "s|@MODULE@|$module|" -e "s|@WASM@|$wasm|" "$here/loader.js" > "$dir/embed.js"
sed -e "$strip" -e "s|@MODULE@|$module|" -e "s|@WASM@|$wasm|" "$here/module.js" > "$dir/embed.mjs"
