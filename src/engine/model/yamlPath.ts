/** A path into a YAML file's data, as keys and sequence indices: `['sprint', 'tasks', 3, 'id']`. */
export type YamlPath = readonly (string | number)[];
