/** `Bash(npm test)` → `Bash`: the tool a permission pattern is about. */
export function toolBaseName(tool: string): string {
  const paren = tool.indexOf('(');
  return (paren > 0 ? tool.slice(0, paren) : tool).trim();
}

/**
 * One sentence for people about the tools a CLI refused an agent, naming each and the fix:
 * "Claude Code denied Write (src/a.ts): set permissionMode or tools". Undefined when nothing
 * was refused.
 *
 * @param denied tools the CLI's permission check refused, with their target when known.
 * @param missing tools the model asked for that the agent was not given at all.
 */
export function describeDenials(cli: string, denied: readonly { tool: string; target?: string }[], missing: readonly string[]): string | undefined {
  const parts: string[] = [];
  if (denied.length) {
    const shown = unique(denied.map((d) => (d.target ? `${d.tool} (${shorten(d.target)})` : d.tool)));
    parts.push(`${cli} denied ${listOf(shown)}: set permissionMode or tools`);
  }
  if (missing.length) parts.push(`the agent asked for ${listOf(unique(missing))}, which it does not have: add ${missing.length === 1 ? 'it' : 'them'} to its tools`);
  return parts.length ? parts.join('; ') : undefined;
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

function listOf(items: string[]): string {
  const shown = items.slice(0, 4);
  const more = items.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

function shorten(text: string): string {
  const line = text.split('\n')[0]!;
  return line.length > 80 ? `${line.slice(0, 80)}…` : line;
}
