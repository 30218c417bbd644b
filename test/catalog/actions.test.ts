import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { inClusterRules } from '../../src/catalog/action.js';
import * as catalog from '../../src/catalog/index.js';
import { actions } from '../../src/catalog/index.js';
import { loadSite } from '../../src/catalog/site.js';
import { exampleSite } from '../../src/catalog/sites/example.js';
import { buildApp } from '../../src/charts/app.js';
import { APPROVAL_CHECK_RULES } from '../../src/charts/approval-gate.js';
import { GUARD_RULES } from '../../src/charts/workflowtemplates.js';
import { targetMutexName } from '../../src/constructs/workflows/target-mutex.js';
import { approvalTermsByRole } from '../../src/governance/approval.js';
import { actionLimits } from '../../src/governance/role.js';
import { allFamilies } from '../../src/steps/bin/families.js';
import type { StepDefinition, StepSystem } from '../../src/steps/runtime/step.js';
import { synthesizeObjects } from '../../src/synth/render.js';
import { loadArgoSchemas } from '../../src/validation/argo-schemas.js';

// biome-ignore lint/suspicious/noExplicitAny: reading fields of synthesized YAML
type Any = any;

const catalogDir = join(import.meta.dirname, '..', '..', 'src', 'catalog');
const namesDoc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'catalog-names.md'), 'utf8');
/** The upstream Argo schemas beside the repository (see FACTS.md), closed as CI closes them. */
const SCHEMA_DIR = fileURLToPath(new URL('../../../shared/reference/argo/', import.meta.url));

const site = loadSite(exampleSite);
const objects = synthesizeObjects(buildApp(site, catalog)) as Any[];
const named = (kind: string, name: string) =>
  objects.find((object) => object.kind === kind && object.metadata.name === name);
const templateOf = (name: string): Any => named('WorkflowTemplate', name);
/** The template that runs `opsflow-step`. */
const stepTemplateOf = (template: Any): Any =>
  template.spec.templates.find((t: Any) => t.container?.command?.[0] === 'opsflow-step');
const byAction = actions.map((action) => [action.name, action] as const);

/** The first word of an action name, by the system its step runs against (docs/catalog-names.md). */
const NAME_SYSTEMS: Record<StepSystem, readonly string[]> = {
  kubernetes: ['openshift'],
  aws: ['aws'],
  openstack: ['ironic', 'nova', 'keystone'],
  nautobot: ['nautobot'],
  alertmanager: ['alertmanager'],
  notify: ['notify'],
  jira: ['jira'],
};

async function registeredSteps(): Promise<StepDefinition[]> {
  const families = await Promise.all(Object.values(allFamilies).map((load) => load!()));
  return families.flatMap((family) => [...family.steps]);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('the action catalog', () => {
  it('runs every step of `opsflow-step list` in at least one WorkflowTemplate', async () => {
    const run = new Set(
      objects
        .filter((object) => object.kind === 'WorkflowTemplate')
        .flatMap((template) => template.spec.templates)
        .filter((template: Any) => template.container?.command?.[0] === 'opsflow-step')
        .map((template: Any) => template.container.command.slice(1).join(' ')),
    );
    const steps = (await registeredSteps()).map((step) => `${step.system} ${step.name}`);
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.filter((step) => !run.has(step))).toEqual([]);
  });

  it.each(byAction)(
    '%s runs a registered step with the same input schema, mutating flag, outputs, file outputs and capped files',
    async (_name, action) => {
      const step = (await registeredSteps()).find(
        (candidate) => candidate.system === action.step.system && candidate.name === action.step.name,
      );
      expect(step).toBeDefined();
      expect(step!.input).toBe(action.step.input);
      expect(action.step.mutating).toBe(step!.mutating);
      expect(Object.keys(action.step.outputs ?? {}).sort()).toEqual(Object.keys(step!.outputs ?? {}).sort());
      expect(Object.keys(action.step.files ?? {}).sort()).toEqual(Object.keys(step!.files ?? {}).sort());
      expect([...(action.step.cappedFiles ?? [])].sort()).toEqual([...(step!.cappedFiles ?? [])].sort());
    },
  );

  it('names actions <system>-<object>-<verb>: unique labels of at most 63 characters, each in the names table', () => {
    const names = actions.map((action) => action.name);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
    for (const action of actions) {
      const systems = NAME_SYSTEMS[action.step.system].join('|');
      expect(action.name).toMatch(new RegExp(`^(${systems})(-[a-z0-9]+){2,}$`));
      // The controller labels each Workflow with its template's name: a label value.
      expect(action.name.length).toBeLessThanOrEqual(63);
      expect(namesDoc).toContain(`| \`${action.name}\` |`);
    }
  });

  it.each(byAction)('%s: the description ends with its argo submit line, every required parameter set', (name) => {
    const template = templateOf(name);
    const description: string = template.metadata.annotations['workflows.argoproj.io/description'];
    const line = description.split('\n').find((text) => text.startsWith('argo submit '));
    expect(line).toBeDefined();
    expect(line).toMatch(new RegExp(`^argo submit --from workflowtemplate/${name}( |$)`));
    const given = [...line!.matchAll(/ -p '?([\w-]+)=/g)].map((match) => match[1]!);
    const parameters: Any[] = template.spec.arguments.parameters;
    const required = parameters.filter((parameter) => parameter.value === undefined).map((p) => p.name);
    expect(required.filter((parameter) => !given.includes(parameter))).toEqual([]);
    expect(given.filter((parameter) => !parameters.some((p) => p.name === parameter))).toEqual([]);
  });

  it.each(byAction)('%s: a dryRun parameter exactly when the step mutates, passed on as --dry-run', (name, action) => {
    const template = templateOf(name);
    const dryRun = template.spec.arguments.parameters.find((parameter: Any) => parameter.name === 'dryRun');
    const step = template.spec.templates.find((t: Any) => t.container?.command?.[0] === 'opsflow-step');
    if (action.step.mutating) {
      expect(dryRun).toMatchObject({ value: 'false', enum: ['true', 'false'] });
      expect(step.container.args).toContain('--dry-run={{inputs.parameters.dryRun}}');
    } else {
      expect(dryRun).toBeUndefined();
      expect(step.container.args.some((arg: string) => arg.startsWith('--dry-run'))).toBe(false);
    }
  });

  it.each(byAction)('%s: every enum of the input schema is a dropdown (parameter enum)', (name, action) => {
    const json = z.toJSONSchema(action.step.input, { io: 'input', unrepresentable: 'any' }) as Any;
    const parameters: Any[] = templateOf(name).spec.arguments.parameters;
    for (const [field, property] of Object.entries<Any>(json.properties)) {
      if (!property.enum) continue;
      const parameter = parameters.find((p) => p.name === field);
      expect({ field, enum: parameter.enum.filter((value: string) => value !== '') }).toEqual({
        field,
        enum: property.enum,
      });
    }
  });

  it.each(byAction)("%s: each attempt's pod outlives the step's longest allowed wait", (name, action) => {
    const json = z.toJSONSchema(action.step.input, { io: 'input', unrepresentable: 'any' }) as Any;
    const waits = ['timeoutSeconds', 'serverTimeoutSeconds']
      .map((field) => json.properties[field]?.maximum as number | undefined)
      .filter((maximum): maximum is number => maximum !== undefined);
    const template = templateOf(name);
    const attempt = stepTemplateOf(template).activeDeadlineSeconds as number;
    expect(attempt).toBeGreaterThan(Math.max(0, ...waits));
    expect(template.spec.activeDeadlineSeconds).toBeGreaterThan(attempt);
  });

  it.each(byAction)('%s: locks: a mutex keyed on its own parameters, a semaphore of maxParallel', (name, action) => {
    const template = templateOf(name);
    const sync = template.spec.synchronization ?? {};
    const stepSync = stepTemplateOf(template).synchronization ?? {};
    const parameters = template.spec.arguments.parameters.map((parameter: Any) => parameter.name);
    if (action.mutex) {
      expect(sync.mutexes).toEqual([{ name: targetMutexName(action.mutex.prefix, action.mutex.by) }]);
      expect(action.mutex.by.length).toBeGreaterThan(0);
      expect(action.mutex.by.filter((parameter) => !parameters.includes(parameter))).toEqual([]);
    } else {
      expect(sync.mutexes).toBeUndefined();
    }
    // The limit is held by the step, inside the target's mutex (docs/generator.md, "Locks").
    expect(sync.semaphores).toBeUndefined();
    if (action.maxParallel !== undefined) {
      expect(stepSync.semaphores).toEqual([{ configMapKeyRef: { name: 'opsflow-semaphores', key: name } }]);
      expect(named('ConfigMap', 'opsflow-semaphores').data[name]).toBe(String(action.maxParallel));
    } else {
      expect(stepSync.semaphores).toBeUndefined();
    }
  });

  it.each(byAction)(
    '%s: its own ServiceAccount, with only the executor rule and its in-cluster rules',
    (name, action) => {
      const account = `opsflow-workflow-${name}`;
      expect(templateOf(name).spec.serviceAccountName).toBe(account);
      expect(named('ServiceAccount', account)).toBeDefined();
      // The run-limit guard's rules come with a role's limit or approval on the action, the approval check's with
      // an approval (docs/governance.md).
      const limited = Object.keys(actionLimits(site.roles, name)).length > 0;
      const approved = Object.keys(approvalTermsByRole(site.roles, name, action.approval ?? false)).length > 0;
      expect(named('Role', account).rules).toEqual([
        { apiGroups: ['argoproj.io'], resources: ['workflowtaskresults'], verbs: ['create', 'patch'] },
        ...(limited || approved ? GUARD_RULES : []),
        ...(approved ? APPROVAL_CHECK_RULES : []),
      ]);
      const rules = inClusterRules(action, site);
      // Only Kubernetes steps call the cluster opsflow runs in, and each of them does.
      expect(rules.length > 0).toBe(action.step.system === 'kubernetes');
      const clusterRole = named('ClusterRole', account);
      if (rules.length === 0) {
        expect(clusterRole).toBeUndefined();
        return;
      }
      // One rendered rule per API group and resource.
      const expanded = rules.flatMap((rule) =>
        rule.apiGroups.flatMap((group) =>
          rule.resources.map((resource) => ({ apiGroups: [group], resources: [resource], verbs: [...rule.verbs] })),
        ),
      );
      expect(clusterRole.rules).toEqual(expanded);
    },
  );

  (existsSync(SCHEMA_DIR) ? it : it.skip)('every WorkflowTemplate validates against the closed upstream schema', () => {
    const schemas = loadArgoSchemas(SCHEMA_DIR);
    const results = actions.map((action) => ({
      name: action.name,
      results: schemas.validate(templateOf(action.name)),
    }));
    expect(results).toEqual(
      actions.map((action) => ({
        name: action.name,
        results: [{ kind: 'WorkflowTemplate', checked: true, errors: [] }],
      })),
    );
  });

  it('imports only input schemas (and types) from src/steps, never step code', () => {
    const offending = sourceFiles(catalogDir).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']*\/steps\/[^']*)'/gm)]
        .filter(([, typeOnly, path]) => !typeOnly && !path!.endsWith('/inputs.js'))
        .map(([, , path]) => `${relative(catalogDir, file)} imports ${path}`),
    );
    expect(offending).toEqual([]);
  });
});
