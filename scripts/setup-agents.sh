#!/usr/bin/env bash
# Installs the real agent CLIs the real-agent suite drives (test/real-agents), once per machine:
# Claude Code, Codex and Gemini CLI from npm, each at a pinned version in its own folder of a
# cache outside the extension's node_modules (they are ~400 MB together and must never reach
# the .vsix). Run again, it checks each version and returns at once. Codex and Claude Code ship
# their native binaries inside npm platform packages (optional dependencies), so this needs the
# npm registry only.
#
#   BATON_AGENTS_CACHE   where to install (default ~/.cache/baton-agents)
#
# Prints nothing but progress; the suite finds the binaries with test/real-agents/agentBinaries.ts.
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE=${BATON_AGENTS_CACHE:-$HOME/.cache/baton-agents}
# The versions the suite proves Baton against (README "Agents and runners" lists them too).
PACKAGES=(
  "@anthropic-ai/claude-code@2.1.332"
  "@openai/codex@0.171.0"
  "@google/gemini-cli@0.61.0"
)

for spec in "${PACKAGES[@]}"; do
  name=${spec%@*}
  version=${spec##*@}
  slug=${name#@}
  dir="$CACHE/${slug//\//-}-$version"
  installed=$(node -p "require('$dir/node_modules/$name/package.json').version" 2>/dev/null || true)
  if [ -f "$dir/.installed" ] && [ "$installed" = "$version" ]; then
    echo "$name $version is installed in $dir"
    continue
  fi
  started=$SECONDS
  echo "Installing $name $version into $dir…"
  rm -rf "$dir"
  mkdir -p "$dir"
  echo '{"name":"baton-agents-harness","private":true}' > "$dir/package.json"
  # --include=optional: the native binaries of codex and claude-code are optional dependencies.
  if ! (cd "$dir" && npm install --no-audit --no-fund --no-save --include=optional "$spec" > "$dir/npm-install.log" 2>&1); then
    tail -40 "$dir/npm-install.log" >&2
    echo "$name install failed; full log: $dir/npm-install.log" >&2
    exit 1
  fi
  touch "$dir/.installed"
  echo "$name $version installed in $((SECONDS - started)) s"
done
