#!/usr/bin/env bash
# Installs what the VS Code end-to-end suites need, once per machine: code-server 4.100.3 (a
# complete VS Code 1.100.3 that runs on Node 20; later releases need Node 22) and the system
# packages its native modules and our browser need. It goes into a cache folder outside the
# extension's node_modules (about 300 MB that must never reach the .vsix), reused by every
# later run on the same machine; run again, it checks the version and returns at once.
#
#   BATON_E2E_CACHE   where to install (default ~/.cache/baton-e2e)
#
# The recipe and its traps: ../shared/e2e/README.md (kerberos needs libkrb5-dev; node-pty's
# postinstall needs npm_config_yes=true; @vscode/ripgrep downloads rg from GitHub unless its
# cache already holds one, so we pre-place Debian's).
set -euo pipefail
cd "$(dirname "$0")/.."

CS_VERSION=4.100.3
RG_PKG_VERSION=1.15.11          # @vscode/ripgrep pinned by code-server 4.100.3
CACHE=${BATON_E2E_CACHE:-$HOME/.cache/baton-e2e}
CS_DIR="$CACHE/code-server-$CS_VERSION"
MARK="$CS_DIR/.installed"

bash scripts/setup-chromium.sh

if [ -f "$MARK" ] && [ "$(node -p "require('$CS_DIR/node_modules/code-server/package.json').version" 2>/dev/null)" = "$CS_VERSION" ]; then
  echo "code-server $CS_VERSION is installed in $CS_DIR"
  exit 0
fi

started=$SECONDS
missing=()
for pkg in ripgrep libkrb5-dev build-essential python3; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "Missing system packages: ${missing[*]} (run: sudo apt-get install -y ${missing[*]})" >&2; exit 1; fi
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "Installing code-server $CS_VERSION into $CS_DIR (native modules build from source: a few minutes)…"
rm -rf "$CS_DIR"
mkdir -p "$CS_DIR/tmp"
export TMPDIR="$CS_DIR/tmp"
rg_cache="$TMPDIR/vscode-ripgrep-cache-$RG_PKG_VERSION"
mkdir -p "$rg_cache/stage"
cp "$(command -v rg)" "$rg_cache/stage/rg"
tar czf "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$rg_cache/stage" rg

echo '{"name":"baton-e2e-harness","private":true}' > "$CS_DIR/package.json"
# nodedir=/usr: node-gyp uses the installed headers instead of downloading them;
# yes=true: node-pty's postinstall runs `npx node-gyp`; --unsafe-perm: code-server's postinstall as root.
if ! (cd "$CS_DIR" && npm_config_nodedir=/usr npm_config_yes=true \
      npm install --unsafe-perm --no-audit --no-fund --no-save "code-server@$CS_VERSION" > "$CS_DIR/npm-install.log" 2>&1); then
  tail -40 "$CS_DIR/npm-install.log" >&2
  echo "code-server install failed; full log: $CS_DIR/npm-install.log" >&2
  exit 1
fi
rm -rf "$CS_DIR/tmp"
version=$(XDG_CONFIG_HOME="$CS_DIR/xdg" XDG_DATA_HOME="$CS_DIR/xdg" "$CS_DIR/node_modules/.bin/code-server" --version 2>/dev/null | tail -1)
echo "$version" > "$MARK"
echo "code-server ready: $version ($((SECONDS - started)) s)"
