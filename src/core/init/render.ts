/** Fills the blueprint's templates in: every `__TOKEN__` becomes its value. */

/** Upper-case words between double underscores; Python's own dunders are lower case. */
const TOKEN = /__([A-Z][A-Z0-9_]*?)__/g;

export interface ProjectFile {
  /** Relative to the project root, with `/`. */
  path: string;
  content: string;
}

export function renderTemplates(templates: Readonly<Record<string, string>>, tokens: Readonly<Record<string, string>>): ProjectFile[] {
  return Object.entries(templates).map(([path, template]) => ({
    path,
    content: template.replace(TOKEN, (whole, name: string) => {
      const value = tokens[name];
      // A template naming a token nobody fills is a defect of the blueprint, not of the user's input.
      if (value === undefined) throw new Error(`blueprint file ${path} uses ${whole}, which has no value`);
      return value;
    }),
  }));
}
