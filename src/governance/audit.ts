/**
 * The audit labels opsflow adds to every run so the archive can be queried per target. Who started a run and the
 * result are labels Argo sets itself (creator, cron-workflow, phase); see docs/governance.md "Audit".
 */
import { createHash } from 'node:crypto';

/**
 * A hash of the run's target (its target parameters, `name=value` sorted by name, one a line): a label value
 * whatever the values hold. The controller computes it when the run starts (the template's
 * `workflowMetadata.labelsFrom`); a submission cannot set it (admission refuses `workflowMetadata`).
 */
export const TARGET_LABEL = 'opsflow.io/target';
/** On the WorkflowTemplate: the parameters the target hash covers, comma-separated (what `opsflow history` hashes). */
export const TARGET_PARAMETERS_ANNOTATION = 'opsflow.io/target-parameters';
const TARGET_HASH_LENGTH = 32;

/**
 * Why a Sensor started the run: `<eventSourceName>/<eventName> <identity>`, the identity being the trigger's run key
 * (the event's own id: an oslo message_id, a Nautobot request_id, a hash of them) or else the CloudEvent id the
 * EventSource gave the event. Set by the trigger (src/constructs/events/workflow-trigger.ts); a role's submission
 * may not carry it (admission).
 */
export const EVENT_ANNOTATION = 'opsflow.io/event';
/** Why a person started the run: `opsflow run --reason`, by default the command (`opsflow run <action>`). */
export const REASON_ANNOTATION = 'opsflow.io/reason';

/** The label value of a target, as `targetLabelExpression` computes it in the controller. */
export function targetKey(values: Readonly<Record<string, string>>): string {
  const text = Object.keys(values)
    .sort()
    .map((name) => `${name}=${values[name]}`)
    .join('\n');
  return createHash('sha256').update(text).digest('hex').slice(0, TARGET_HASH_LENGTH);
}

/**
 * The expr-lang expression (Argo's `labelsFrom`, evaluated with sprig: util/expr/env/env.go, argo-workflows v4.1.2)
 * giving `targetKey` of the run's parameters.
 */
export function targetLabelExpression(parameters: readonly string[]): string {
  const parts = [...parameters].sort().map((name) => `"${name}=" + workflow.parameters.${name}`);
  return `sprig.trunc(${TARGET_HASH_LENGTH}, sprig.sha256sum(${parts.join(' + "\\n" + ')}))`;
}
