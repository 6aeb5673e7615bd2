#!/usr/bin/env bash
# `npm run test:e2e` (and the e2e step of `npm test`): the extension in a real VS Code 1.100.3
# (code-server) driven by headless Chromium — first the in-host mocha suite inside the
# extension host, then the UI suite clicking through the workbench (screenshots in
# test-artifacts/e2e/). Installs what it needs on first use (scripts/setup-e2e.sh, cached in
# ~/.cache/baton-e2e), builds, runs both suites even if the first fails, prints their times.
#   BATON_E2E_SKIP_BUILD=1   dist/ is fresh already (npm test built it)
set -euo pipefail
cd "$(dirname "$0")/.."

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

t=$(now)
bash scripts/setup-e2e.sh
setup_s=$(since "$t")

if [ "${BATON_E2E_SKIP_BUILD:-}" != "1" ]; then npm run --silent build; fi
node test/integration/esbuild.mjs

passed=0
failed=0
t=$(now)
echo "── in-host suite (mocha inside VS Code's extension host)"
if npx --no-install tsx test/e2e/inHost.e2e.ts; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
inhost_s=$(since "$t")

t=$(now)
echo "── UI suite (Playwright-driven workbench, trusted and Restricted Mode)"
if npx --no-install tsx test/e2e/ui.e2e.ts; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
ui_s=$(since "$t")

echo "e2e times: setup ${setup_s} s · in-host suite ${inhost_s} s · UI suite ${ui_s} s"
echo "e2e suites: ${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
