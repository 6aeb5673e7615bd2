#!/usr/bin/env bash
# Installs Debian's bubblewrap (`bwrap`): Baton's sandbox for agents and check commands on
# Linux, which the engine suites run with (and once more without, relying on detection).
# Idempotent: nothing happens when bwrap is there; `apt-get update` only when the package is
# not found in the current lists.
set -euo pipefail
if command -v bwrap >/dev/null 2>&1; then exit 0; fi
if [ "$(uname -s)" != "Linux" ]; then echo "No bubblewrap on $(uname -s): Baton runs agents unsandboxed there (detection only)." >&2; exit 0; fi
if [ "$(id -u)" -ne 0 ]; then echo "bubblewrap is missing: run 'sudo apt-get install -y bubblewrap'" >&2; exit 1; fi
echo "Installing Debian's bubblewrap (Baton's sandbox for agents)…"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq bubblewrap >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq bubblewrap >/dev/null; }
bwrap --version
