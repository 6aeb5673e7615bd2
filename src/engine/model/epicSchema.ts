import { z } from 'zod';
import { identifier } from './common';

export const feature = z.union([
  z.string().min(1),
  z.strictObject({ id: identifier, title: z.string().optional(), description: z.string().optional() }),
]);

/** `.claude/epics/*.yaml` (seed 003 §2.1, §5.3) */
export const epicFileSchema = z
  .strictObject({
    epic: z.strictObject({
      id: identifier,
      title: z.string().optional(),
      description: z.string().optional(),
      status: z.enum(['planning', 'in_progress', 'complete', 'cancelled']).optional(),
      features: z.array(feature).optional(),
      sprints: z.array(identifier).optional().describe('Sprints this epic is split into, in order.'),
      dependencies: z.array(identifier).optional().describe('Epics that must be complete first.'),
      teams: z.array(identifier).optional(),
      goals: z.array(z.string()).optional(),
      success_criteria: z.array(z.string()).optional(),
    }),
  })
  .describe('Baton epic file (.claude/epics/*.yaml)');

export type EpicFile = z.infer<typeof epicFileSchema>;
