/** The parts every action's description has, in this order, so the Argo UI shows each action the same way. */
export interface DescriptionParts {
  /** What the action does, one or two sentences. */
  readonly summary: string;
  /** What it changes on its target ("Nothing" for a read-only action); `dryRun=true` shows it first. */
  readonly changes: string;
  /** Credentials, permissions and preconditions. */
  readonly needs: string;
  /** Its output parameters and artifacts. */
  readonly outputs: string;
  /** A run: the WorkflowTemplate's name and a value for every required parameter (and any worth showing). */
  readonly example: { readonly template: string; readonly parameters: Readonly<Record<string, string>> };
}

/** Markdown for `workflows.argoproj.io/description`, ending with the `argo submit` line. */
export function actionDescription(parts: DescriptionParts): string {
  return [
    parts.summary,
    `**Changes:** ${parts.changes}`,
    `**Needs:** ${parts.needs}`,
    `**Outputs:** ${parts.outputs}`,
    `\`\`\`\n${argoSubmit(parts.example.template, parts.example.parameters)}\n\`\`\``,
  ].join('\n\n');
}

/** `argo submit --from workflowtemplate/<name> -p k=v ...`, a value with shell metacharacters single-quoted. */
export function argoSubmit(template: string, parameters: Readonly<Record<string, string>>): string {
  const flags = Object.entries(parameters).map(([name, value]) => `-p ${shellWord(`${name}=${value}`)}`);
  return [`argo submit --from workflowtemplate/${template}`, ...flags].join(' ');
}

function shellWord(word: string): string {
  return /^[\w.,:/@=+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
