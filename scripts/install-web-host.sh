#!/usr/bin/env bash
# Installs the headless VS Code host used by the integration suite (test/integration): VS Code's
# server as shipped in the npm package code-server@4.100.3 (= VS Code 1.100.3, the last one that
# runs on Node 20), with its native modules built from source for this machine's Node. Needs only
# the npm registry and these Debian packages:
#   g++ make python3 pkg-config libkrb5-dev ripgrep   (+ chromium fonts-dejavu-core to run it)
# It replaces code-server's own postinstall, which downloads from GitHub.
#
# Usage: scripts/install-web-host.sh [--force]
# Installs into $SSOT_WEB_HOST_DIR (default .vscode-test/web-host, gitignored). Idempotent: a
# marker file names the version and the Node ABI it was built for; a complete install is kept.
set -euo pipefail

CS_VERSION=4.100.3
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${SSOT_WEB_HOST_DIR:-$ROOT/.vscode-test/web-host}"
NODE_ABI="$(node -p process.versions.modules)"
MARKER="$DIR/.installed-code-server-$CS_VERSION-node-abi$NODE_ABI"

if [ "${1:-}" != "--force" ] && [ -f "$MARKER" ]; then
  exit 0
fi

# Build tools and headers the native modules need; say exactly what is missing.
missing=()
for cmd in g++ make python3 pkg-config rg; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd")
done
command -v krb5-config >/dev/null 2>&1 || missing+=("krb5-config (the kerberos module needs the gssapi headers)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-web-host: missing: ${missing[*]}" >&2
  echo "install-web-host: on Debian/Ubuntu run: apt-get install -y g++ make python3 pkg-config libkrb5-dev ripgrep" >&2
  exit 1
fi

export npm_config_yes=true               # node-pty's build runs `npx node-gyp`
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
# Build against the headers that come with this Node, so node-gyp never downloads them.
NODE_PREFIX="$(dirname "$(dirname "$(node -p process.execPath)")")"
if [ -f "$NODE_PREFIX/include/node/node.h" ]; then export npm_config_nodedir="$NODE_PREFIX"; fi

T0=$(date +%s)
echo "install-web-host: installing code-server $CS_VERSION into $DIR (Node ABI $NODE_ABI)…"
rm -rf "$DIR"
mkdir -p "$DIR"
cd "$DIR"
echo '{"name":"ssot-imports-web-host","private":true}' > package.json
# Without its postinstall (it would download ripgrep and a prebuilt argon2 from GitHub) …
npm install --ignore-scripts --no-package-lock --loglevel=error "code-server@$CS_VERSION" >/dev/null
npm rebuild argon2 --build-from-source --loglevel=error >/dev/null

# … whose steps are replicated here (code-server's postinstall.sh).
VSC="$DIR/node_modules/code-server/lib/vscode"
cd "$VSC"
npm install --omit=dev --ignore-scripts --loglevel=error >/dev/null   # pinned by lib/vscode/npm-shrinkwrap.json
npm rebuild node-pty kerberos @vscode/spdlog native-watchdog @parcel/watcher --loglevel=error >/dev/null
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg             # Debian's rg, not a GitHub download
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --loglevel=error >/dev/null)  # the built-in extensions' shared deps

for f in node-pty/build/Release/pty.node kerberos/build/Release/kerberos.node @vscode/spdlog/build/Release/spdlog.node; do
  [ -f "node_modules/$f" ] || { echo "install-web-host: native module not built: $f" >&2; exit 1; }
done
touch "$MARKER"
echo "install-web-host: done in $(( $(date +%s) - T0 ))s"
