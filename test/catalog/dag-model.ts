/**
 * A small executable model of how the Argo Workflows v4.1.2 controller walks a DAG template, enough to run the
 * composites' generated YAML under chosen step outcomes:
 * - `depends`: a plain task name means Succeeded, Skipped or Daemoned; `task.Result` names one result; `&&`, `||`,
 *   `!` and parentheses combine them (workflow/common/ancestry.go). A task whose `depends` is false is Omitted, and
 *   so are the tasks that depend on it plainly.
 * - `when` is evaluated only for a task whose `depends` holds; false makes it Skipped (workflow/controller/dag.go).
 * - `continueOn: {failed, error}`: a plain name also holds when the task failed (ancestry.go `expandDependency`),
 *   and its failure does not fail the run.
 * - A task whose template is itself a DAG runs that DAG's tasks, named `<task>.<inner task>` in invocations,
 *   phases and outcomes; it fails when one of them fails.
 * - An approval, the gate's steps template (suspend, then its check) or a bare suspend, is one node invoked as
 *   `suspend`: the outcome the test picks is the gate's verdict (Failed for a rejection or a timeout).
 * - `{{=...}}` expressions (arguments, `when`) are evaluated over `tasks.<name>.status`,
 *   `tasks.<name>.outputs.parameters`, `workflow.parameters` and `toJson`: the expr-lang forms the generator
 *   writes (`?.`, `??`, `==`, `&&`, literals) mean the same in JavaScript.
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
  /** Failed when a task failed without `continueOn` (none of the composites handles a failure with `task.Failed`). */
  readonly workflowPhase: 'Succeeded' | 'Failed';
  /** `workflow.outputs.parameters`: the outputs with a `globalName` of the tasks that ran. */
  readonly globalOutputs: Readonly<Record<string, string>>;
}

export function runDag(
  spec: Any,
  parameters: Readonly<Record<string, string>>,
  outcome: (task: string, invocation: Invocation) => Outcome = () => ({ phase: 'Succeeded' }),
): DagRun {
  const templates = new Map<string, Any>(spec.templates.map((template: Any) => [template.name, template]));
  const defaults = Object.fromEntries(
    spec.arguments.parameters.map((parameter: Any) => [parameter.name, parameter.value as string | undefined]),
  );
  const values: Record<string, string | undefined> = { ...defaults, ...parameters };
  const phases: Record<string, Phase> = {};
  const invocations: Invocation[] = [];
  const globalOutputs: Record<string, string> = {};
  const failed = runTasks(templates.get(spec.entrypoint).dag.tasks, '', {
    templates,
    values,
    outcome,
    phases,
    invocations,
    globalOutputs,
  });
  return { invocations, phases, workflowPhase: failed ? 'Failed' : 'Succeeded', globalOutputs };
}

interface RunContext {
  readonly templates: Map<string, Any>;
  readonly values: Record<string, string | undefined>;
  readonly outcome: (task: string, invocation: Invocation) => Outcome;
  readonly phases: Record<string, Phase>;
  readonly invocations: Invocation[];
  readonly globalOutputs: Record<string, string>;
}

/** Runs one DAG's tasks (names prefixed inside a nested DAG); true when one failed without `continueOn`. */
function runTasks(dagTasks: Any[], prefix: string, run: RunContext): boolean {
  const phases: Record<string, Phase> = {};
  const outputs: Record<string, Readonly<Record<string, string>>> = {};
  const continues = new Map<string, Any>(dagTasks.map((task) => [task.name, task.continueOn]));
  let failed = false;

  const substitute = (text: string): string => {
    if (text.startsWith('{{=') && text.endsWith('}}'))
      return String(evaluate(text.slice(3, -2), run.values, phases, outputs));
    return text
      .replace(/\{\{workflow\.parameters\.(\w+)\}\}/g, (_all, name: string) => {
        const value = run.values[name];
        if (value === undefined) throw new Error(`parameter ${name} has no value`);
        return value;
      })
      .replace(/\{\{tasks\.(\w+)\.outputs\.parameters\.(\w+)\}\}/g, (_all, task: string, name: string) => {
        const value = outputs[task]?.[name];
        if (value === undefined) throw new Error(`task ${task} has no output ${name} (it did not run)`);
        return value;
      });
  };

  const pending: Any[] = [...dagTasks];
  while (pending.length > 0) {
    const index = pending.findIndex((task) => dependencies(task.depends).every((name) => phases[name] !== undefined));
    if (index < 0) throw new Error(`no task can run: ${pending.map((task) => task.name).join(', ')}`);
    const [task] = pending.splice(index, 1);
    const finish = (phase: Phase) => {
      phases[task.name] = phase;
      run.phases[`${prefix}${task.name}`] = phase;
    };
    if (task.depends && !evaluateDepends(task.depends, phases, continues)) {
      finish('Omitted');
      continue;
    }
    if (
      task.when &&
      !evaluateWhen(task.when, substitute, outputs, (expression) => evaluate(expression, run.values, phases, outputs))
    ) {
      finish('Skipped');
      continue;
    }
    const template = run.templates.get(task.template);
    if (template.dag) {
      const innerFailed = runTasks(template.dag.tasks, `${prefix}${task.name}.`, run);
      finish(innerFailed ? 'Failed' : 'Succeeded');
      outputs[task.name] = {};
    } else {
      // An approval is a suspend node, or the gate that runs one and then its check: one node, approved or not.
      const command = template.container ? template.container.command.slice(1).join(' ') : 'suspend';
      const args = Object.fromEntries(
        (task.arguments?.parameters ?? []).map((parameter: Any) => [parameter.name, substitute(parameter.value)]),
      );
      const invocation = { task: `${prefix}${task.name}`, command, arguments: args };
      run.invocations.push(invocation);
      const result = run.outcome(invocation.task, invocation);
      finish(result.phase);
      // Only what the template declares: the gate has no outputs, so an expression reading one fails as in Argo.
      const declared = (template.outputs?.parameters ?? []).map((parameter: Any) => parameter.name);
      if (declared.length > 0) {
        outputs[task.name] = Object.fromEntries(
          Object.entries(result.outputs ?? {}).filter(([name]) => declared.includes(name)),
        );
      }
      for (const parameter of template.outputs?.parameters ?? []) {
        const value = result.outputs?.[parameter.name];
        if (parameter.globalName && value !== undefined) run.globalOutputs[parameter.globalName] = value;
      }
    }
    if (phases[task.name] === 'Failed' && !continues.get(task.name)?.failed) failed = true;
  }
  return failed;
}

/**
 * An Argo expression, read as JavaScript over the run so far: `tasks.<name>.status` and `.outputs.parameters` of
 * the finished tasks, `workflow.parameters`, `workflow.status` and `workflow.outputs.parameters` when given.
 */
export function evaluate(
  expression: string,
  values: Readonly<Record<string, string | undefined>>,
  phases: Readonly<Record<string, Phase>>,
  outputs: Readonly<Record<string, Readonly<Record<string, string>>>>,
  workflow: Readonly<Record<string, unknown>> = {},
): unknown {
  const tasks = Object.fromEntries(
    Object.entries(phases).map(([name, phase]) => [
      name,
      { status: phase, ...(outputs[name] ? { outputs: { parameters: outputs[name] } } : {}) },
    ]),
  );
  const scope = {
    tasks,
    workflow: { parameters: values, ...workflow },
    toJson: (value: unknown) => JSON.stringify(value),
  };
  return new Function(...Object.keys(scope), `return (${expression});`)(...Object.values(scope));
}

/** The exit handler's notify arguments, with `workflow.status` and the run's global outputs. */
export function runExit(spec: Any, parameters: Readonly<Record<string, string>>, run: DagRun): Record<string, string> {
  const templates = new Map<string, Any>(spec.templates.map((template: Any) => [template.name, template]));
  const step = templates.get(spec.onExit).steps[0][0];
  const defaults = Object.fromEntries(spec.arguments.parameters.map((p: Any) => [p.name, p.value as string]));
  const values = { ...defaults, ...parameters };
  const workflow = { status: run.workflowPhase, outputs: { parameters: run.globalOutputs } };
  return Object.fromEntries(
    step.arguments.parameters.map((parameter: Any) => {
      const text: string = parameter.value;
      const value =
        text.startsWith('{{=') && text.endsWith('}}')
          ? String(evaluate(text.slice(3, -2), values, {}, {}, workflow))
          : text.replace(/\{\{workflow\.parameters\.(\w+)\}\}/g, (_all, name: string) => values[name] ?? '');
      return [parameter.name, value];
    }),
  );
}

function dependencies(depends: string | undefined): string[] {
  return [...new Set([...(depends ?? '').matchAll(/[A-Za-z]\w*/g)].map((match) => match[0]))].filter(
    (word) => !RESULTS.has(word),
  );
}

const RESULTS = new Set(['Succeeded', 'Failed', 'Skipped', 'Omitted', 'Errored', 'Daemoned']);

/** Recursive descent over `||`, `&&`, `!`, parentheses and `task[.Result]`. */
function evaluateDepends(depends: string, phases: Record<string, Phase>, continues: Map<string, Any>): boolean {
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
    if (result !== undefined) return phase === result;
    return phase === 'Succeeded' || phase === 'Skipped' || (phase === 'Failed' && continues.get(name)?.failed === true);
  };
  const value = or();
  if (at !== tokens.length) throw new Error(`cannot read depends: ${depends}`);
  return value;
}

function evaluateWhen(
  when: string,
  substitute: (text: string) => string,
  outputs: Record<string, Readonly<Record<string, string>>>,
  expression: (text: string) => unknown,
): boolean {
  const parameterTest = /^\{\{workflow\.parameters\.\w+\}\} == true$/.exec(when);
  if (parameterTest) return substitute(when.replace(/ == true$/, '')) === 'true';
  const notEmpty = /^\{\{=tasks\.(\w+)\.outputs\.parameters\.(\w+) != '\[\]'\}\}$/.exec(when);
  if (notEmpty) {
    const value = outputs[notEmpty[1]!]?.[notEmpty[2]!];
    if (value === undefined) throw new Error(`when reads ${notEmpty[1]}.${notEmpty[2]}, which did not run`);
    return value !== '[]';
  }
  // The runbooks' gates: string comparisons of outputs that ran, joined by `&&`.
  const comparisons = /^\{\{=((?:tasks\.\w+\.outputs\.parameters\.\w+ [!=]= '[^']*'(?: && )?)+)\}\}$/.exec(when);
  if (comparisons) {
    for (const [, task] of comparisons[1]!.matchAll(/tasks\.(\w+)\.outputs\.parameters\.(\w+)/g)) {
      if (!outputs[task!]) throw new Error(`when reads ${task}, which did not run`);
    }
    return expression(comparisons[1]!) === true;
  }
  throw new Error(`the model does not understand when: ${when}`);
}
