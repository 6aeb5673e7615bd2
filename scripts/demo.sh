#!/usr/bin/env bash
# `npm run demo`: installs what it needs, builds, then validates and plans the example
# workspaces with the real CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run --silent build
for example in ecommerce auth; do
  echo
  echo "== examples/$example: validate"
  node dist/cli.js validate "examples/$example"
done
echo
echo "== examples/ecommerce: plan on 4 workers"
node dist/cli.js plan ecommerce-platform examples/ecommerce --workers 4
