#!/usr/bin/env bash
# `npm test`: everything from a fresh clone — install, build, schemas check, type-check, lint,
# then every suite. Each step says what it does; the first failure stops the run.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
started=$SECONDS

step "install npm packages"
if [ "${CI:-}" = "true" ] || [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
else
  echo "node_modules is up to date"
fi

step "build (esbuild: extension, server, cli, webview)"
npm run --silent build

step "JSON Schemas are in sync with the zod schemas"
npx tsx scripts/writeSchemas.ts --check

step "type-check (src + test, webview-ui)"
npm run --silent typecheck

step "lint"
npm run --silent lint

step "unit tests (plain Node)"
BATON_SUITE_NAME=unit npx mocha 'test/unit/**/*.test.ts'

step "language server: a real LSP client over stdio, incl. fuzzing"
BATON_SUITE_NAME=server npx mocha 'test/server/**/*.test.ts'

step "engine integration: real git repositories, real processes, SIGKILL crash loop, hostile agents (bubblewrap sandbox)"
bash scripts/setup-sandbox.sh
BATON_SUITE_NAME=integration-engine npx mocha --timeout 300000 'test/integration-engine/**/*.test.ts'

step "hostile agents again without a sandbox: detection and restore alone must keep the user's repository intact"
BATON_TEST_SANDBOX=off BATON_SUITE_NAME=hostile-unsandboxed npx mocha --timeout 300000 'test/integration-engine/hostile*.test.ts'

step "real agents: Claude Code, Codex and Gemini CLI from npm against fake model APIs on 127.0.0.1"
bash scripts/setup-agents.sh
real_started=$SECONDS
BATON_SUITE_NAME=real-agents npx mocha --timeout 300000 'test/real-agents/**/*.test.ts'
echo "real-agent suite: $((SECONDS - real_started)) s"

step "webview tests (plain Node + headless Chromium)"
bash scripts/setup-chromium.sh
BATON_SUITE_NAME=webview npx mocha 'test/webview/**/*.test.ts'

step "VS Code end-to-end: in-host suite and UI suite (code-server 4.100.3 = VS Code 1.100.3, headless Chromium)"
BATON_E2E_SKIP_BUILD=1 bash scripts/test-e2e.sh

echo
echo "npm test: all steps passed in $((SECONDS - started)) s"
