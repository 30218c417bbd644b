import type { Construct } from 'constructs';
import type { SiteConfig } from '../catalog/site.js';
// The suspend node's template name: the CLI finds the waiting approval by it.
import { APPROVAL_TEMPLATE } from '../cli/action-info.js';
import type { WorkloadServiceAccount } from '../constructs/platform/service-account.js';
import type { Template, WorkflowStep } from '../constructs/workflows/argo-types.js';
import {
  APPROVAL_TIMEOUT_INPUT,
  approvalTemplate,
  stepsTemplate,
  stepTemplate,
} from '../constructs/workflows/step-template.js';
import { approvingRoles } from '../governance/approval.js';
import { approvalCheck } from '../steps/kubernetes/approval-check.js';
import { ApprovalCheckInput } from '../steps/kubernetes/inputs.js';

/** The template a run's approval calls: the suspend node, then its check. */
export const APPROVAL_GATE = 'approval-gate';
/** The gate's input with the run's terms as JSON (src/governance/approval.ts ApprovalTerms). */
export const APPROVAL_TERMS_INPUT = 'terms';

/** What the check needs: read its Workflow, and label and annotate it with the verdict. */
export const APPROVAL_CHECK_RULES = [{ apiGroups: ['argoproj.io'], resources: ['workflows'], verbs: ['get', 'patch'] }];

export interface ApprovalGate {
  /** Call it with `gateArguments`. */
  readonly gate: Template;
  /** The gate and the templates it calls, for the WorkflowTemplate's `templates`. */
  readonly templates: readonly Template[];
}

/**
 * An approval with a record: the suspend node (`approvalTemplate`), then `opsflow-step kubernetes approval-check`,
 * which runs whatever the decision (the suspend step continues on failure, so a rejection is recorded too), reads
 * what Argo Server recorded, labels the Workflow with the verdict and fails the run unless it was approved. Inputs
 * `timeout` (the suspend duration, "" for none) and `terms`. A site without approving roles has nobody to check:
 * its gate is the suspend node alone, without the timeout (which it could not tell from an approval). The check runs on the cluster opsflow runs in, with the template's
 * ServiceAccount (granted `APPROVAL_CHECK_RULES` here).
 */
export function approvalGate(scope: Construct, site: SiteConfig, serviceAccount: WorkloadServiceAccount): ApprovalGate {
  const wait = approvalTemplate(APPROVAL_TEMPLATE);
  const decision: WorkflowStep = {
    name: 'decision',
    template: wait.name,
    arguments: {
      parameters: [{ name: APPROVAL_TIMEOUT_INPUT, value: `{{inputs.parameters.${APPROVAL_TIMEOUT_INPUT}}}` }],
    },
  };
  const inputs = { parameters: [{ name: APPROVAL_TIMEOUT_INPUT }, { name: APPROVAL_TERMS_INPUT }] };
  const cluster = site.kubernetes.clusters.find((candidate) => candidate.inCluster);
  if (approvingRoles(site.roles).length === 0) {
    // Nobody to check the decision, so nothing tells a timeout from an approval: the suspend waits for a person
    // (no duration), and a run nobody decides fails at the Workflow's own deadline, never running what it gates.
    const unbounded = { ...decision, arguments: { parameters: [{ name: APPROVAL_TIMEOUT_INPUT, value: '' }] } };
    const gate = { ...stepsTemplate(APPROVAL_GATE, [[unbounded]]), inputs };
    return { gate, templates: [gate, wait] };
  }
  if (!cluster) {
    scope.node.addValidation({
      validate: () => [`${scope.node.id}: approvals need a cluster with inCluster: true to record the decision on`],
    });
  }
  serviceAccount.grant(...APPROVAL_CHECK_RULES);
  const check = stepTemplate({
    site,
    system: 'kubernetes',
    step: approvalCheck.name,
    name: 'approval-check',
    input: ApprovalCheckInput,
    outputs: approvalCheck.outputs,
  });
  const values: Record<keyof ApprovalCheckInput, string> = {
    cluster: cluster?.name ?? '',
    namespace: '{{workflow.namespace}}',
    workflow: '{{workflow.name}}',
    node: '{{steps.decision.id}}',
    terms: `{{inputs.parameters.${APPROVAL_TERMS_INPUT}}}`,
  };
  const gate: Template = {
    ...stepsTemplate(APPROVAL_GATE, [
      // A stopped (rejected) approval fails its node: the check still runs, to record who rejected.
      [{ ...decision, continueOn: { failed: true } }],
      [
        {
          name: 'check',
          template: check.name,
          arguments: { parameters: Object.entries(values).map(([name, value]) => ({ name, value })) },
        },
      ],
    ]),
    inputs,
  };
  return { gate, templates: [gate, wait, check] };
}

/** The gate's arguments: the suspend duration and the terms, each a value or an Argo reference. */
export function gateArguments(timeout: string, terms: string) {
  return {
    parameters: [
      { name: APPROVAL_TIMEOUT_INPUT, value: timeout },
      { name: APPROVAL_TERMS_INPUT, value: terms },
    ],
  };
}
