import { InvalidInputError } from '../../runtime/errors.js';

/**
 * The message template syntax: `${name}` is replaced by the value of `name`, `$${` writes a literal `${`. Nothing
 * else is interpreted: no expressions, no loops, no lookups beyond the given names, so a template cannot run code or
 * read what it was not given. `${...}` (not `{{...}}`) so Argo leaves the placeholders alone when it substitutes
 * the template's own `{{inputs.parameters...}}`. Values go through `escapeValue` (the target format's), the template text
 * does not, so its own markup stays.
 */
export function renderTemplate(
  field: string,
  template: string,
  values: Readonly<Record<string, string>>,
  escapeValue: (value: string) => string = (value) => value,
): string {
  const unknown = new Set<string>();
  let unterminated = false;
  const rendered = template.replace(/\$(\$?)\{([^{}]*)(\}?)/g, (all, literal: string, name: string, close: string) => {
    if (literal) return all.slice(1);
    if (!close) {
      unterminated = true;
      return all;
    }
    const value = Object.hasOwn(values, name.trim()) ? values[name.trim()] : undefined;
    if (value === undefined) {
      unknown.add(name);
      return all;
    }
    return escapeValue(value);
  });
  if (unterminated) {
    throw new InvalidInputError(
      `${field}: a placeholder opened with \${ is not closed with }; write $\${ for a literal \${`,
    );
  }
  if (unknown.size > 0) {
    throw new InvalidInputError(
      `${field}: unknown placeholder ${[...unknown].map((name) => `\${${name}}`).join(', ')}; known: ` +
        Object.keys(values)
          .map((name) => `\${${name}}`)
          .join(', '),
    );
  }
  return rendered;
}

/** Slack's mrkdwn: `&`, `<` and `>` in values are escaped, so a value cannot make a link or a mention. */
export function slackEscape(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** The Workflow a step runs in, for `${workflow.*}`. */
export interface WorkflowInfo {
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
  /** `<Argo UI>/workflows/<namespace>/<name>`; empty without the UI address, namespace or name. */
  readonly url: string;
}

/**
 * Argo sets ARGO_WORKFLOW_NAME in every main container (workflow/controller/workflowpod.go, v4.1.2); the namespace
 * and uid are not, so the template passes `{{workflow.namespace}}` and `{{workflow.uid}}` as ARGO_WORKFLOW_NAMESPACE
 * and ARGO_WORKFLOW_UID. The link is the Argo UI's route to a Workflow, `workflows/<namespace>/<name>`
 * (ui/src/cron-workflows/cron-workflow-details.tsx, v4.1.2).
 */
export function workflowInfo(env: Readonly<Record<string, string | undefined>>, argoUiUrl?: string): WorkflowInfo {
  const name = env.ARGO_WORKFLOW_NAME ?? '';
  const namespace = env.ARGO_WORKFLOW_NAMESPACE ?? '';
  const url =
    argoUiUrl && name && namespace
      ? `${argoUiUrl.replace(/\/+$/, '')}/workflows/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`
      : '';
  return { name, namespace, uid: env.ARGO_WORKFLOW_UID ?? '', url };
}
