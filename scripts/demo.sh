#!/usr/bin/env bash
# `npm run demo`: installs what it needs, builds, then runs a real sprint headless — the
# e-commerce example copied into a fresh git repository, every task in its own git worktree,
# with scripted stand-in agents that make real commits. Live progress, then the summary.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm packages…"
  npm ci --no-audit --no-fund
fi
npm run --silent build

example=${1:-${BATON_DEMO_EXAMPLE:-ecommerce}}
case "$example" in
  ecommerce) sprint=ecommerce-platform ;;
  auth) sprint=auth-feature ;;
  teams-talk) sprint=auth-talk ;;
  *) echo "unknown example $example (ecommerce, auth or teams-talk)" >&2; exit 2 ;;
esac

# BATON_DEMO_DIR: where to make the demo repository (a new folder; the tests use it to clean up).
if [ -n "${BATON_DEMO_DIR:-}" ]; then
  demo=$BATON_DEMO_DIR
  mkdir "$demo"
else
  demo=$(mktemp -d "${TMPDIR:-/tmp}/baton-demo-XXXXXX")
fi
cp -R "examples/$example/." "$demo/"
# The teams-talk agents speak MCP through the SDK: they find it in Baton's own node_modules.
if [ "$example" = teams-talk ]; then ln -s "$root/node_modules" "$demo/node_modules"; fi
git -C "$demo" init -q
git -C "$demo" add -A
git -C "$demo" -c user.name="Baton demo" -c user.email=demo@baton.invalid commit -qm "Example workspace: $example"

agent_script=scripts/scripted-agent.mjs
[ "$example" = teams-talk ] && agent_script="scripts/mcp-agent.mjs, speaking MCP to Baton"
cat <<NOTE

  Baton demo: sprint '$sprint' from examples/$example, in a fresh repository at
  $demo

  The agents here are scripted stand-ins for LLM agents ($agent_script): each
  writes its task's files, commits them in its own worktree and reports a result, so the run
  is real — scheduling, worktrees, merges, journal — without a paid model. README.md shows how
  to point the same workspace at Claude Code, Codex, Gemini or Aider.

NOTE

node dist/cli.js validate "$demo"
echo
# The plan's first lines. Read whole, then cut: a pipe into a reader that stops early would
# fail the script under pipefail (see scripts/demo-result.sh).
plan=$(node dist/cli.js plan "$sprint" "$demo" --workers 4)
head -n 12 <<<"$plan"
echo "  …"
echo
BATON_SCRIPTED_DELAY_MS=${BATON_SCRIPTED_DELAY_MS:-600} node dist/cli.js run "$sprint" "$demo" --max-parallel 4
# A run that waits for people's answers pauses: show the inbox, answer as a person would, resume.
for round in 1 2 3; do
  open=$(node dist/cli.js inbox "$demo" --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).questions.filter(q=>q.status==="open"&&q.addressee==="person").map(q=>q.id).join(" ")))')
  [ -z "$open" ] && break
  echo
  node dist/cli.js inbox "$demo"
  for q in $open; do
    echo; echo "\$ baton answer $q \"Redis, with a 15-minute TTL\""
    node dist/cli.js answer "$q" "Redis, with a 15-minute TTL" "$demo" --by demo
  done
  echo
  node dist/cli.js resume "$demo"
done
echo
bash "$root/scripts/demo-result.sh" "$demo" "$sprint"
