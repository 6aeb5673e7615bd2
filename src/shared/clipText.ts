/**
 * A line of prose shortened to `max` characters at a word boundary, ending in `…` when it was
 * cut — never mid-word, never silently. Summaries in the CLI's run log and reasons in the trees.
 */
export function clipText(text: string, max: number): string {
  const line = text.split('\n')[0]!.trim();
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:—-]+$/, '')}…`;
}
