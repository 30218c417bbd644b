/**
 * The approval as the committed WorkflowTemplates run it, through a small model of the controller's `steps`
 * semantics (workflow/controller/steps.go, v4.1.2): groups one after the other; a step whose `when` is false is
 * Skipped (bare words compare as strings); a Failed step fails its template unless `continueOn.failed`. The check
 * step's outcome is the verdict src/governance/approval.ts gives on the decision's labels.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { ApprovalTerms, approvalVerdict, type DecisionNode } from '../../src/governance/approval.js';

// biome-ignore lint/suspicious/noExplicitAny: reading fields of synthesized YAML
type Any = any;

const committed = (name: string): Any =>
  parse(readFileSync(new URL(`../../workflowtemplates/${name}.yaml`, import.meta.url), 'utf8')).spec;

interface Decision {
  /** What Argo Server left on the Workflow: the actor labels of the resume or stop, or none. */
  readonly labels: Record<string, string>;
  readonly phase: 'Succeeded' | 'Failed';
  readonly minutes: number;
}

interface Run {
  /** `<step path>: <command>` of every node that ran, in order. */
  readonly ran: string[];
  readonly phase: 'Succeeded' | 'Failed';
  /** Arguments each node got, by step path. */
  readonly args: Record<string, Record<string, string>>;
}

const REQUESTER = { 'workflows.argoproj.io/creator': 'tina', 'opsflow.io/role': 'tenant' };

/** Runs `main` of a template with the guard saying what it says for the run's role, and the person's decision. */
function runMain(spec: Any, guardOutputs: Record<string, string>, decision: Decision): Run {
  const templates = new Map<string, Any>(spec.templates.map((t: Any) => [t.name, t]));
  const ran: string[] = [];
  const args: Record<string, Record<string, string>> = {};
  const run = (templateName: string, inputs: Record<string, string>, path: string): 'Succeeded' | 'Failed' => {
    const template = templates.get(templateName);
    const resolveInputs = (text: string) =>
      text.replace(/\{\{inputs\.parameters\.(\w+)\}\}/g, (_all, name: string) => {
        const value = inputs[name] ?? template.inputs?.parameters?.find((p: Any) => p.name === name)?.default;
        if (value === undefined) throw new Error(`${path}: input ${name} has no value`);
        return value;
      });
    if (template.suspend) {
      args[path] = { duration: resolveInputs(template.suspend.duration) };
      ran.push(`${path}: suspend`);
      return decision.phase;
    }
    if (template.container) {
      const command = template.container.command.slice(1).join(' ');
      ran.push(`${path}: ${command}`);
      if (command === 'kubernetes run-guard') return 'Succeeded';
      if (command === 'kubernetes approval-check') {
        const node: DecisionNode = {
          phase: decision.phase,
          startedAt: '2026-12-01T10:00:00Z',
          finishedAt: new Date(Date.parse('2026-12-01T10:00:00Z') + decision.minutes * 60_000).toISOString(),
        };
        const terms = ApprovalTerms.parse(JSON.parse(inputs.terms!));
        const verdict = approvalVerdict({ ...REQUESTER, ...decision.labels }, node, terms, 'opsflow');
        return verdict.verdict === 'approved' ? 'Succeeded' : 'Failed';
      }
      return 'Succeeded';
    }
    const outputs: Record<string, Record<string, string>> = {};
    const ids: Record<string, string> = {};
    for (const group of template.steps) {
      for (const step of group) {
        const substitute = (text: string) =>
          resolveInputs(text)
            .replace(/\{\{steps\.([\w-]+)\.outputs\.parameters\.(\w+)\}\}/g, (_all, s: string, o: string) => {
              const value = outputs[s]?.[o];
              if (value === undefined) throw new Error(`${path}/${step.name}: steps.${s} has no output ${o}`);
              return value;
            })
            .replace(/\{\{steps\.([\w-]+)\.id\}\}/g, (_all, s: string) => ids[s] ?? `<no node ${s}>`)
            .replace(/\{\{workflow\.(\w+)\}\}/g, (_all, name: string) => `<workflow.${name}>`)
            .replace(/\{\{workflow\.parameters\.(\w+)\}\}/g, (_all, name: string) => `<${name}>`);
        if (step.when) {
          const [left, right] = substitute(step.when).split(' == ');
          if (left !== right) {
            ran.push(`${path}/${step.name}: skipped`);
            continue;
          }
        }
        const given = Object.fromEntries(
          (step.arguments?.parameters ?? []).map((p: Any) => [p.name, substitute(p.value)]),
        );
        const stepPath = `${path}/${step.name}`;
        args[stepPath] = given;
        ids[step.name] = `node(${stepPath})`;
        const phase = run(step.template, given, stepPath);
        if (step.name === 'run-guard') outputs[step.name] = guardOutputs;
        if (phase === 'Failed' && !step.continueOn?.failed) return 'Failed';
      }
    }
    return 'Succeeded';
  };
  const phase = run(spec.entrypoint, {}, 'main');
  return { ran, phase, args };
}

const tenantGuard = {
  approval: 'required',
  approvalTimeout: '30m',
  approvalTerms: JSON.stringify({ by: ['approver'], selfApproval: false, timeout: '30m' }),
};
const actor = (name: string, action: string) => ({
  'workflows.argoproj.io/actor': name,
  'workflows.argoproj.io/action': action,
});
const APPROVED: Decision = { labels: actor('alice', 'Resume'), phase: 'Succeeded', minutes: 5 };

describe("a tenant's heap dump (its grant: approval by approver within 30m, not by the requester)", () => {
  const spec = committed('openshift-java-heap-dump');

  it('waits after the guard, checks the decision, then runs the dump once an approver approved', () => {
    const run = runMain(spec, tenantGuard, APPROVED);
    expect(run.ran).toEqual([
      'main/run-guard: kubernetes run-guard',
      'main/approval/decision: suspend',
      'main/approval/check: kubernetes approval-check',
      'main/run: kubernetes java-heap-dump',
    ]);
    expect(run.phase).toBe('Succeeded');
    expect(run.args['main/approval/decision']).toEqual({ duration: '30m' });
    expect(run.args['main/approval/check']).toMatchObject({
      cluster: 'local',
      workflow: '<workflow.name>',
      node: 'node(main/approval/decision)',
      terms: tenantGuard.approvalTerms,
    });
  });

  it('records a rejection (the check runs after the stopped decision) and never runs the dump', () => {
    const run = runMain(spec, tenantGuard, { labels: actor('alice', 'Stop'), phase: 'Failed', minutes: 5 });
    expect(run.ran.slice(1)).toEqual([
      'main/approval/decision: suspend',
      'main/approval/check: kubernetes approval-check',
    ]);
    expect(run.phase).toBe('Failed');
  });

  it('fails the run when the 30m pass with no decision (the suspend resumes by itself)', () => {
    const run = runMain(spec, tenantGuard, { labels: {}, phase: 'Succeeded', minutes: 30 });
    expect(run.ran.at(-1)).toBe('main/approval/check: kubernetes approval-check');
    expect(run.phase).toBe('Failed');
  });

  it("fails the run on the requester's own approval, and on a token that is no approver's", () => {
    for (const labels of [
      actor('tina', 'Resume'),
      actor('system-serviceaccount-opsflow-opsflow-role-tenant', 'Resume'),
    ]) {
      const run = runMain(spec, tenantGuard, { labels, phase: 'Succeeded', minutes: 5 });
      expect(run.ran).not.toContain('main/run: kubernetes java-heap-dump');
      expect(run.phase).toBe('Failed');
    }
  });

  it('runs at once for a role without an approval on it (the guard says none)', () => {
    const run = runMain(spec, { approval: 'none', approvalTimeout: '', approvalTerms: '' }, APPROVED);
    expect(run.ran).toEqual([
      'main/run-guard: kubernetes run-guard',
      'main/approval: skipped',
      'main/run: kubernetes java-heap-dump',
    ]);
  });
});

describe("a composite's approval task", () => {
  const spec = committed('openstack-hypervisor-maintenance');
  const gate = spec.templates.find((t: Any) => t.name === 'approval-gate');
  const task = spec.templates.find((t: Any) => t.name === 'main').dag.tasks.find((t: Any) => t.name === 'approval');

  it('is the same gate, with the terms of any approving role, never the requester, and no timeout', () => {
    expect(task.template).toBe('approval-gate');
    expect(task.arguments.parameters).toEqual([
      { name: 'timeout', value: '' },
      { name: 'terms', value: '{"by":["approver"],"selfApproval":false}' },
    ]);
    expect(gate.steps.map((group: Any[]) => group.map((step) => [step.name, step.template, step.continueOn]))).toEqual([
      [['decision', 'approval', { failed: true }]],
      [['check', 'approval-check', undefined]],
    ]);
  });
});
