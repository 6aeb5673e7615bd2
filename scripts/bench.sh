#!/usr/bin/env bash
# `npm run bench`: every benchmark in bench/, each printing its figures next to a baseline
# measured in the same run. Numbers, not pass/fail: these machines are noisy.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run --silent build   # always: a stale dist/server.js or cli.js would measure old code
bash scripts/setup-chromium.sh
for bench in bench/*Bench.ts; do
  echo
  echo "== $bench"
  npx tsx "$bench"
done
