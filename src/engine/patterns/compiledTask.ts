import type { Task } from '../model/workspace';
import type { YamlPath } from '../model/yamlPath';

/** A reference from a task to another entity, with where it was written (for ranged diagnostics). */
export interface Reference {
  name: string;
  /** Path of the referring value in the sprint file. */
  path: YamlPath;
}

/** A task after pattern compilation, with the source paths its diagnostics point at. */
export interface CompiledTask {
  task: Task;
  /** Path of the task (or of the pattern block that generated it). */
  path: YamlPath;
  /** Path of the `id` value; for generated tasks, the pattern block. */
  idPath: YamlPath;
  /** Where each dependency was written; generated edges point at the pattern block. */
  dependencyPaths: Map<string, YamlPath>;
  agentRefs: Reference[];
  teamRefs: Reference[];
  /** Sync points only: the tasks that wait for this barrier (`before:`). */
  before?: Reference[];
  /** For copies of a fanned-out task: the template id and all its copies. */
  fanOutOf?: { template: string; copies: string[] };
}
