#!/usr/bin/env bash
# The end of `npm run demo`: where the sprint's merged result is, and what to try next.
#   scripts/demo-result.sh <repository> <sprint>
# No pipes into `head`: under `pipefail`, `git log … | head` fails with 141 whenever head exits
# while git is still writing (SIGPIPE) — the demo exited 141 in 2 of 3 runs and lost these lines.
# `git log -n` stops git itself. test/integration-engine/demo.test.ts runs this 20 times in a row.
set -euo pipefail
repo=$1
sprint=$2
root=$(cd "$(dirname "$0")/.." && pwd)
branch="baton/$sprint/_integration"

echo "Integration branch $branch (the sprint's merged result):"
git -C "$repo" log -n 8 --oneline --first-parent "$branch"
total=$(git -C "$repo" rev-list --count --first-parent "$branch")
if [ "$total" -gt 8 ]; then echo "  … $((total - 8)) more"; fi
echo
echo "Try: node $root/dist/cli.js status $repo   ·   node $root/dist/cli.js logs <task> $repo"
