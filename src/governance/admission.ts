/**
 * The CEL of the ValidatingAdmissionPolicy that admits a Workflow created by a governed ServiceAccount (a role's,
 * or an automation's Sensor) only when it runs a template that caller may run, with parameters meeting the role's
 * constraints, and nothing else. Pure data: the construct (policy.ts) wraps it, the tests evaluate it.
 */
import { ACTOR_LABELS, APPROVAL_ANNOTATION, APPROVAL_LABEL, APPROVER_LABEL } from './approval.js';
import { EVENT_ANNOTATION } from './audit.js';
import { type ParameterConstraint, ROLE_LABEL } from './role.js';

/** One ServiceAccount whose Workflows the policy checks, and what it may run. */
export interface GovernedCaller {
  /** `system:serviceaccount:<namespace>:<name>`, as the API server puts it in `request.userInfo.username`. */
  readonly username: string;
  /** Named in messages: `role tenant`, `automation restart-stuck-deployment`. */
  readonly who: string;
  /** The role it signs people in as: its Workflows must carry `opsflow.io/role: <role>` (the guard reads it). */
  readonly role?: string;
  /** Templates it may run, each with the constraints on its parameters. */
  readonly templates: ReadonlyMap<string, Readonly<Record<string, ParameterConstraint>>>;
  /**
   * Its updates of Workflows are checked by the same rules: it patches Workflows (the alert fan-out's
   * `kubectl apply` of a run that exists already), and must not turn one into something it could not create.
   * @default false: only its creations are checked
   */
  readonly updates?: boolean;
}

export interface CelVariable {
  readonly name: string;
  readonly expression: string;
}

export interface CelValidation {
  readonly expression: string;
  /** Shown when messageExpression cannot be evaluated. */
  readonly message: string;
  readonly messageExpression: string;
  readonly reason: 'Forbidden';
}

export interface AdmissionRules {
  /** The admission operations on Workflows the policy sees: CREATE, and UPDATE when some caller `updates`. */
  readonly operations: readonly ('CREATE' | 'UPDATE')[];
  readonly matchCondition: { readonly name: string; readonly expression: string };
  readonly variables: readonly CelVariable[];
  readonly validations: readonly CelValidation[];
}

/**
 * The Workflow fields a governed caller may set under `spec`. Everything else is refused, including what
 * `templateReferencing: Strict` still lets through (argo-workflows v4.1.2 workflow/util/merge.go
 * allowedUserOverrideFields): `entrypoint` would skip the approval or the guard, `workflowMetadata` forges audit
 * labels, `ttlStrategy`/`podGC`/`archiveLogs` drop the record, `suspend`/`shutdown`/`activeDeadlineSeconds`/
 * `priority`/`metrics`/`artifactGC`/`volumeClaimGC` change how it runs.
 */
export const ALLOWED_SPEC_FIELDS = ['workflowTemplateRef', 'arguments'] as const;

/**
 * Labels that record a decision: a Workflow created with them would carry a forged approval (a timed-out
 * approval with `action: Resume` and an actor already in place would read as approved).
 */
const RECORD_LABELS = celList([...ACTOR_LABELS, APPROVAL_LABEL, APPROVER_LABEL]);

/** The label Argo Server sets to the signed-in subject (workflow/creator/creator.go, v4.1.2): what `self` means. */
export const CREATOR_LABEL = 'workflows.argoproj.io/creator';

export function admissionRules(
  callers: readonly GovernedCaller[],
  templateParameters: ReadonlyMap<string, readonly string[]>,
): AdmissionRules {
  const variables: CelVariable[] = [
    { name: 'caller', expression: 'request.userInfo.username' },
    {
      name: 'who',
      expression: `${celMap(callers.map((caller) => [caller.username, cel(caller.who)]))}[variables.caller]`,
    },
    {
      name: 'template',
      expression:
        "has(object.spec.workflowTemplateRef) && has(object.spec.workflowTemplateRef.name) ? object.spec.workflowTemplateRef.name : ''",
    },
    {
      name: 'parameters',
      expression:
        'has(object.spec.arguments) && has(object.spec.arguments.parameters) ? object.spec.arguments.parameters : []',
    },
    { name: 'names', expression: "variables.parameters.map(p, has(p.name) ? p.name : '')" },
    {
      name: 'creator',
      expression: `has(object.metadata.labels) && ${cel(CREATOR_LABEL)} in object.metadata.labels ? object.metadata.labels[${cel(CREATOR_LABEL)}] : ''`,
    },
    {
      name: 'allowed',
      expression: `${celMap(callers.map((caller) => [caller.username, celList([...caller.templates.keys()])]))}[variables.caller]`,
    },
    {
      name: 'role',
      expression: `${celMap(callers.map((caller) => [caller.username, cel(caller.role ?? '')]))}[variables.caller]`,
    },
    {
      name: 'known',
      expression: celMap([...templateParameters].map(([template, names]) => [template, celList(names)])),
    },
  ];
  const fields = celList(ALLOWED_SPEC_FIELDS);
  const validations: CelValidation[] = [
    rule(
      'spec-fields',
      `object.spec.all(k, k in ${fields})`,
      `'spec.' + object.spec.filter(k, !(k in ${fields}))[0] + ' may not be set; only ${ALLOWED_SPEC_FIELDS.join(' and ')}'`,
    ),
    rule(
      'template-ref',
      "variables.template != '' && object.spec.workflowTemplateRef.all(k, k == 'name')",
      `variables.template == '' ? 'spec.workflowTemplateRef.name must name an action' : 'spec.workflowTemplateRef.' + object.spec.workflowTemplateRef.filter(k, k != 'name')[0] + ' may not be set'`,
    ),
    rule(
      'arguments',
      "!has(object.spec.arguments) || object.spec.arguments.all(k, k == 'parameters')",
      "'spec.arguments.' + object.spec.arguments.filter(k, k != 'parameters')[0] + ' may not be set; only parameters'",
    ),
    rule(
      'parameter-fields',
      "variables.parameters.all(p, has(p.name) && has(p.value) && p.all(k, k in ['name', 'value']) && type(p.value) == string)",
      "'every parameter takes exactly a name and a string value (no valueFrom, no default, no enum)'",
    ),
    rule(
      'unique-parameters',
      'variables.names.all(n, variables.names.filter(m, m == n).size() == 1)',
      "'parameter ' + variables.names.filter(n, variables.names.filter(m, m == n).size() > 1)[0] + ' is given twice'",
    ),
    rule(
      'role-label',
      `variables.role == '' || (has(object.metadata.labels) && ${cel(ROLE_LABEL)} in object.metadata.labels && object.metadata.labels[${cel(ROLE_LABEL)}] == variables.role)`,
      `variables.who + ' labels its Workflows ${ROLE_LABEL}=' + variables.role + ' (argo submit -l ${ROLE_LABEL}=' + variables.role + '; opsflow run sets it)'`,
    ),
    rule(
      'record-labels',
      `!has(object.metadata.labels) || !object.metadata.labels.exists(k, k in ${RECORD_LABELS})`,
      `'label ' + object.metadata.labels.filter(k, k in ${RECORD_LABELS})[0] + ' is the record of a decision: Argo Server and the approval check set it, a submission may not'`,
    ),
    // A person's run says why in opsflow.io/reason (free text); the event is an automation's record.
    rule(
      'event-annotation',
      `variables.role == '' || !has(object.metadata.annotations) || !(${cel(EVENT_ANNOTATION)} in object.metadata.annotations)`,
      `variables.who + ' may not set annotation ${EVENT_ANNOTATION}: it records the event that made an automation start a run'`,
    ),
    rule('template', 'variables.template in variables.allowed', "variables.who + ' may not run ' + variables.template"),
    rule(
      'known-parameters',
      '!(variables.template in variables.known) || variables.names.all(n, n in variables.known[variables.template])',
      "'parameter ' + variables.names.filter(n, !(n in variables.known[variables.template]))[0] + ' is not a parameter of ' + variables.template",
    ),
  ];
  for (const caller of callers) {
    for (const [template, constraints] of caller.templates) {
      for (const [parameter, constraint] of Object.entries(constraints)) {
        validations.push(parameterRule(caller, template, parameter, constraint));
      }
    }
  }
  const usernames = celList(callers.map((caller) => caller.username));
  const updaters = callers.filter((caller) => caller.updates).map((caller) => caller.username);
  return {
    operations: updaters.length ? ['CREATE', 'UPDATE'] : ['CREATE'],
    matchCondition: {
      name: 'governed-callers',
      expression: updaters.length
        ? `request.operation == 'CREATE' ? request.userInfo.username in ${usernames} : request.userInfo.username in ${celList(updaters)}`
        : `request.userInfo.username in ${usernames}`,
    },
    variables,
    validations,
  };
}

/** One constraint of one grant; it applies only to that caller running that template. */
function parameterRule(
  caller: GovernedCaller,
  template: string,
  parameter: string,
  constraint: ParameterConstraint,
): CelValidation {
  const name = `${caller.who.replace(/^\w+ /, '')}/${template}/${parameter}`;
  const scope = `variables.caller != ${cel(caller.username)} || variables.template != ${cel(template)}`;
  const given = `variables.names.exists(n, n == ${cel(parameter)})`;
  const value = `variables.parameters.filter(p, p.name == ${cel(parameter)})[0].value`;
  const quoted = `'"' + ${value} + '"'`;
  const prefix = `${cel(`${caller.who} runs ${template} only with ${parameter}`)}`;
  if (constraint === 'absent') {
    return rule(name, `${scope} || !${given}`, `${cel(`${caller.who} may not set ${parameter} of ${template}`)}`);
  }
  const [test, wanted] =
    constraint === 'self'
      ? ['p.value == variables.creator', "' = the caller (' + variables.creator + ')'"]
      : 'pattern' in constraint
        ? [`p.value.matches(${cel(anchored(constraint.pattern))})`, cel(` matching ${anchored(constraint.pattern)}`)]
        : [`p.value in ${celList(constraint.enum)}`, cel(` in ${constraint.enum.join(', ')}`)];
  const guard = constraint === 'self' ? "variables.creator != '' && " : '';
  return rule(
    name,
    `${scope} || ${guard}variables.parameters.exists(p, p.name == ${cel(parameter)} && ${test})`,
    `${prefix} + ${wanted} + (${given} ? ', got ' + ${quoted} : ', and it is missing')`,
  );
}

/** The whole value must match: `shop-prod` never admits `shop-prod-evil`. */
export function anchored(pattern: string): string {
  return `^(?:${pattern})$`;
}

function rule(name: string, expression: string, messageExpression: string): CelValidation {
  return {
    expression,
    message: `opsflow rule ${name}: refused`,
    messageExpression: `${cel(`opsflow rule ${name}: `)} + (${messageExpression})`,
    reason: 'Forbidden',
  };
}

/** A CEL string literal (single-quoted, escaped). */
export function cel(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function celList(values: readonly string[]): string {
  return `[${values.map(cel).join(', ')}]`;
}

function celMap(entries: readonly (readonly [string, string])[]): string {
  return `{${entries.map(([key, value]) => `${cel(key)}: ${value}`).join(', ')}}`;
}

/** A role whose people may update Workflows (RBAC gives `update` to approving roles only). */
export interface DecidingCaller {
  readonly username: string;
  readonly role: string;
}

/** The spec fields Argo Server's suspend, resume and stop change (workflow/util/util.go, v4.1.2). */
const DECISION_SPEC_FIELDS = celList(['suspend', 'shutdown']);

/**
 * The CEL of the policy on Workflow updates by a role's ServiceAccount, i.e. decisions (`resume`, `stop`, `set`,
 * `suspend` through Argo Server): the role must be one the run's terms name (`deciders`, by
 * `<requester role>/<template>`, `*` for a run without a role label), and the update may change only what Argo
 * Server changes on a decision: the actor labels, `spec.suspend`/`spec.shutdown` and the status.
 */
export function decisionRules(
  callers: readonly DecidingCaller[],
  deciders: ReadonlyMap<string, readonly string[]>,
): AdmissionRules {
  const labelsOf = (object: string) => `has(${object}.metadata.labels) ? ${object}.metadata.labels : {}`;
  const recordOf = (object: string) =>
    `has(${object}.metadata.annotations) && ${cel(APPROVAL_ANNOTATION)} in ${object}.metadata.annotations ? ${object}.metadata.annotations[${cel(APPROVAL_ANNOTATION)}] : ''`;
  const actorLabels = celList(ACTOR_LABELS);
  const key = `(variables.requester + '/' + variables.template)`;
  const anyKey = `('*/' + variables.template)`;
  const variables: CelVariable[] = [
    {
      name: 'role',
      expression: `${celMap(callers.map((caller) => [caller.username, cel(caller.role)]))}[request.userInfo.username]`,
    },
    { name: 'old', expression: labelsOf('oldObject') },
    { name: 'new', expression: labelsOf('object') },
    {
      name: 'template',
      expression:
        "has(oldObject.spec.workflowTemplateRef) && has(oldObject.spec.workflowTemplateRef.name) ? oldObject.spec.workflowTemplateRef.name : ''",
    },
    { name: 'requester', expression: `${cel(ROLE_LABEL)} in variables.old ? variables.old[${cel(ROLE_LABEL)}] : '*'` },
    {
      name: 'deciders',
      expression: `${celMap([...deciders].map(([k, roles]) => [k, celList(roles)]))}`,
    },
    {
      name: 'allowed',
      expression: `${key} in variables.deciders ? variables.deciders[${key}] : (${anyKey} in variables.deciders ? variables.deciders[${anyKey}] : [])`,
    },
    { name: 'oldRecord', expression: recordOf('oldObject') },
    { name: 'newRecord', expression: recordOf('object') },
    {
      name: 'changed',
      expression: `variables.new.filter(k, !(k in ${actorLabels}) && (!(k in variables.old) || variables.old[k] != variables.new[k])) + variables.old.filter(k, !(k in ${actorLabels}) && !(k in variables.new))`,
    },
  ];
  const requester = "(variables.requester == '*' ? 'a caller without a role' : 'role ' + variables.requester)";
  const validations: CelValidation[] = [
    rule(
      'decision-role',
      'variables.role in variables.allowed',
      `'role ' + variables.role + ' may not decide runs of ' + variables.template + ' started by ' + ${requester} + (variables.allowed.size() == 0 ? ': they wait for no approval of this role' : ': their approvers are role ' + variables.allowed[0] + (variables.allowed.size() > 1 ? ' and others' : ''))`,
    ),
    rule(
      'decision-labels',
      'variables.changed.size() == 0',
      `'label ' + variables.changed[0] + ' may not be changed: a decision changes only the actor labels Argo Server sets'`,
    ),
    rule(
      'decision-record',
      'variables.oldRecord == variables.newRecord',
      `'annotation ${APPROVAL_ANNOTATION} is the record of the approval check and may not be changed'`,
    ),
    rule(
      'decision-spec',
      `object.spec.all(k, k in ${DECISION_SPEC_FIELDS} || (k in oldObject.spec && object.spec[k] == oldObject.spec[k])) && oldObject.spec.all(k, k in ${DECISION_SPEC_FIELDS} || k in object.spec)`,
      `'a decision changes only spec.suspend and spec.shutdown'`,
    ),
  ];
  return {
    operations: ['UPDATE'],
    matchCondition: {
      name: 'deciding-roles',
      expression: `request.userInfo.username in ${celList(callers.map((caller) => caller.username))}`,
    },
    variables,
    validations,
  };
}
