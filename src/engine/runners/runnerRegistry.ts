import type { RunnerKind } from '../model/agentSchema';
import type { AgentRunner } from './agentRunner';
import { aiderRunner } from './aiderRunner';
import { claudeCodeRunner } from './claudeCodeRunner';
import { codexRunner } from './codexRunner';
import { commandRunner } from './commandRunner';
import { geminiRunner } from './geminiRunner';
import { scriptRunner } from './scriptRunner';

// A Record over RunnerKind: adding a kind to the schema fails the type check until it has a runner.
const RUNNERS: Readonly<Record<RunnerKind, AgentRunner>> = {
  'claude-code': claudeCodeRunner,
  codex: codexRunner,
  gemini: geminiRunner,
  aider: aiderRunner,
  command: commandRunner,
  script: scriptRunner,
};

/** The runner for an agent's `runner` kind. */
export function runnerFor(kind: RunnerKind): AgentRunner {
  return RUNNERS[kind];
}
