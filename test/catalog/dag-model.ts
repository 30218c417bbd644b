/**
 * A small executable model of how the Argo Workflows v4.1.2 controller walks a DAG template, enough to run the
 * composites' generated YAML under chosen step outcomes:
 * - `depends`: a plain task name means Succeeded, Skipped or Daemoned; `task.Result` names one result; `&&`, `||`,
 *   `!` and parentheses combine them (workflow/common/ancestry.go). A task whose `depends` is false is Omitted, and
 *   so are the tasks that depend on it plainly.
 * - `when` is evaluated only for a task whose `depends` holds; false makes it Skipped (workflow/controller/dag.go).
 * Only the `when` forms the composites use are understood; any other throws, so a test cannot pass by accident.
 */

// biome-ignore lint/suspicious/noExplicitAny: reading fields of synthesized YAML
type Any = any;

export type Phase = 'Succeeded' | 'Failed' | 'Skipped' | 'Omitted';

export interface Invocation {
  readonly task: string;
  /** `opsflow-step <system> <step>` of the task's template, or `suspend` for an approval. */
  readonly command: string;
  /** The task's arguments with `{{workflow.parameters.*}}` and `{{tasks.*.outputs.parameters.*}}` substituted. */
  readonly arguments: Readonly<Record<string, string>>;
}

export interface Outcome {
  readonly phase: 'Succeeded' | 'Failed';
  readonly outputs?: Readonly<Record<string, string>>;
}

export interface DagRun {
  readonly invocations: Invocation[];
  readonly phases: Record<string, Phase>;
  /** Failed when a task failed (none of the composites handles a failure with `task.Failed`). */
  readonly workflowPhase: 'Succeeded' | 'Failed';
}

export function runDag(
  spec: Any,
  parameters: Readonly<Record<string, string>>,
  outcome: (task: string) => Outcome = () => ({ phase: 'Succeeded' }),
): DagRun {
  const templates = new Map<string, Any>(spec.templates.map((template: Any) => [template.name, template]));
  const main = templates.get(spec.entrypoint);
  const defaults = Object.fromEntries(
    spec.arguments.parameters.map((parameter: Any) => [parameter.name, parameter.value as string | undefined]),
  );
  const values: Record<string, string | undefined> = { ...defaults, ...parameters };
  const phases: Record<string, Phase> = {};
  const outputs: Record<string, Readonly<Record<string, string>>> = {};
  const invocations: Invocation[] = [];

  const substitute = (text: string): string =>
    text
      .replace(/\{\{workflow\.parameters\.(\w+)\}\}/g, (_all, name: string) => {
        const value = values[name];
        if (value === undefined) throw new Error(`parameter ${name} has no value`);
        return value;
      })
      .replace(/\{\{tasks\.(\w+)\.outputs\.parameters\.(\w+)\}\}/g, (_all, task: string, name: string) => {
        const value = outputs[task]?.[name];
        if (value === undefined) throw new Error(`task ${task} has no output ${name} (it did not run)`);
        return value;
      });

  const pending: Any[] = [...main.dag.tasks];
  while (pending.length > 0) {
    const index = pending.findIndex((task) => dependencies(task.depends).every((name) => phases[name] !== undefined));
    if (index < 0) throw new Error(`no task can run: ${pending.map((task) => task.name).join(', ')}`);
    const [task] = pending.splice(index, 1);
    if (task.depends && !evaluateDepends(task.depends, phases)) {
      phases[task.name] = 'Omitted';
      continue;
    }
    if (task.when && !evaluateWhen(task.when, substitute, outputs)) {
      phases[task.name] = 'Skipped';
      continue;
    }
    const template = templates.get(task.template);
    // An approval is a suspend node, or the gate that runs one and then its check.
    const command = template.container ? template.container.command.slice(1).join(' ') : 'suspend';
    const args = Object.fromEntries(
      (task.arguments?.parameters ?? []).map((parameter: Any) => [parameter.name, substitute(parameter.value)]),
    );
    invocations.push({ task: task.name, command, arguments: args });
    const result = outcome(task.name);
    phases[task.name] = result.phase;
    outputs[task.name] = result.outputs ?? {};
  }
  const failed = Object.values(phases).includes('Failed');
  return { invocations, phases, workflowPhase: failed ? 'Failed' : 'Succeeded' };
}

function dependencies(depends: string | undefined): string[] {
  return [...new Set([...(depends ?? '').matchAll(/[A-Za-z]\w*/g)].map((match) => match[0]))].filter(
    (word) => !RESULTS.has(word),
  );
}

const RESULTS = new Set(['Succeeded', 'Failed', 'Skipped', 'Omitted', 'Errored', 'Daemoned']);

/** Recursive descent over `||`, `&&`, `!`, parentheses and `task[.Result]`. */
function evaluateDepends(depends: string, phases: Record<string, Phase>): boolean {
  const tokens = depends.match(/\|\||&&|!|\(|\)|[A-Za-z]\w*(?:\.[A-Za-z]+)?/g) ?? [];
  let at = 0;
  const or = (): boolean => {
    let value = and();
    while (tokens[at] === '||') {
      at++;
      value = and() || value;
    }
    return value;
  };
  const and = (): boolean => {
    let value = unary();
    while (tokens[at] === '&&') {
      at++;
      value = unary() && value;
    }
    return value;
  };
  const unary = (): boolean => {
    const token = tokens[at++];
    if (token === '!') return !unary();
    if (token === '(') {
      const value = or();
      if (tokens[at++] !== ')') throw new Error(`unbalanced depends: ${depends}`);
      return value;
    }
    const [name = '', result] = (token ?? '').split('.');
    const phase = phases[name];
    if (phase === undefined) throw new Error(`depends names ${name}, which has not finished`);
    return result === undefined ? phase === 'Succeeded' || phase === 'Skipped' : phase === result;
  };
  const value = or();
  if (at !== tokens.length) throw new Error(`cannot read depends: ${depends}`);
  return value;
}

function evaluateWhen(
  when: string,
  substitute: (text: string) => string,
  outputs: Record<string, Readonly<Record<string, string>>>,
): boolean {
  const parameterTest = /^\{\{workflow\.parameters\.\w+\}\} == true$/.exec(when);
  if (parameterTest) return substitute(when.replace(/ == true$/, '')) === 'true';
  const notEmpty = /^\{\{=tasks\.(\w+)\.outputs\.parameters\.(\w+) != '\[\]'\}\}$/.exec(when);
  if (notEmpty) {
    const value = outputs[notEmpty[1]!]?.[notEmpty[2]!];
    if (value === undefined) throw new Error(`when reads ${notEmpty[1]}.${notEmpty[2]}, which did not run`);
    return value !== '[]';
  }
  throw new Error(`the model does not understand when: ${when}`);
}
