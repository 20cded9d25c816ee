#!/usr/bin/env bash
# Builds the store packages of the extension into dist/ (or the folder given):
#   contenthelper-<version>-firefox.zip  for addons.mozilla.org (web-ext build: the manifest as it is)
#   contenthelper-<version>-chrome.zip   for the Chrome Web Store (the Firefox-only manifest keys taken out)
# The version is extension/manifest.json's "version", the one place it is kept. Sources that are not part of the
# extension (the icon's SVG master) stay out; so does anything web-ext leaves out by default (dotfiles, node_modules).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=$(mkdir -p "${1:-$root/dist}" && cd "${1:-$root/dist}" && pwd)
web_ext="$root/tests/e2e/node_modules/.bin/web-ext"
[ -x "$web_ext" ] || (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)

version=$(node -p "require('./extension/manifest.json').version")
ignore=(icons/icon.svg)
build() { # source dir, package name
  "$web_ext" build --source-dir "$1" --artifacts-dir "$out" --filename "$2" --overwrite-dest \
    --no-config-discovery --ignore-files "${ignore[@]}" >/dev/null
}

build extension "contenthelper-$version-firefox.zip"

# Chrome warns about keys it does not know; the service worker alone is its background.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r extension "$tmp/chrome"
node -e '
  const fs = require("fs");
  const file = process.argv[1];
  const manifest = JSON.parse(fs.readFileSync(file, "utf8"));
  delete manifest.browser_specific_settings;
  delete manifest.background.scripts;
  fs.writeFileSync(file, JSON.stringify(manifest, null, 2) + "\n");
' "$tmp/chrome/manifest.json"
build "$tmp/chrome" "contenthelper-$version-chrome.zip"

echo "$out/contenthelper-$version-firefox.zip"
echo "$out/contenthelper-$version-chrome.zip"
