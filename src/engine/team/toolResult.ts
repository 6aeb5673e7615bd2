/** What a team tool hands back to the MCP layer: text for the model, optional data, and whether it failed. */
export interface ToolOutcome {
  text: string;
  data?: unknown;
  isError?: boolean;
}

export function ok(text: string, data?: unknown): ToolOutcome {
  return data === undefined ? { text } : { text, data };
}

export function failed(text: string): ToolOutcome {
  return { text, isError: true };
}
