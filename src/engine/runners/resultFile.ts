import { z } from 'zod';

/** What an agent may say about its own work. */
export const AGENT_STATUSES = ['success', 'failure', 'blocked'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

/**
 * The JSON an agent writes to `BATON_RESULT_FILE`. Extra keys are ignored (agents embellish);
 * `summary` and `artifacts` may be left out.
 */
export const resultFileSchema = z.object({
  status: z.enum(AGENT_STATUSES),
  summary: z.string().default(''),
  artifacts: z.array(z.string()).default([]),
  outcome: z.string().min(1).optional(),
  knownIssues: z.array(z.string()).optional(),
});

export type ResultFile = z.infer<typeof resultFileSchema>;

export type ResultFileReading =
  | { kind: 'absent' }
  | { kind: 'valid'; result: ResultFile }
  | { kind: 'malformed'; problem: string };

/**
 * Reads the content of a result file. Missing or blank content is `absent` (the agent did not
 * report), not malformed: an orchestrator may create the file empty before the run.
 */
export function readResultFile(content: string | undefined): ResultFileReading {
  if (content === undefined || !content.trim()) return { kind: 'absent' };
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (error) {
    return { kind: 'malformed', problem: `it is not valid JSON (${(error as Error).message})` };
  }
  const parsed = resultFileSchema.safeParse(data);
  if (parsed.success) return { kind: 'valid', result: parsed.data };
  const problems = parsed.error.issues.map((issue) => {
    const where = issue.path.length ? `\`${issue.path.join('.')}\`` : 'the value';
    return `${where}: ${issue.message}`;
  });
  return { kind: 'malformed', problem: problems.join('; ') };
}
