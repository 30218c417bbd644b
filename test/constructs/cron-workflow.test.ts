import { Testing } from 'cdk8s';
import { CronWorkflow, type CronWorkflowProps } from '../../src/constructs/workflows/cron-workflow.js';

// biome-ignore lint/suspicious/noExplicitAny: reading fields of synthesized YAML
type Any = any;

const template = {
  templateName: 'openstack-resync',
  namespace: 'opsflow',
  parameters: [
    { name: 'region', required: true },
    { name: 'mode', required: false, enum: ['full', 'diff'] },
  ],
};

const base: CronWorkflowProps = {
  name: 'nightly-resync',
  title: 'Nightly resync',
  description: 'Ironic to Nautobot',
  schedules: ['0 2 * * *'],
  workflowTemplate: template,
  arguments: { region: 'RegionOne' },
};

function synth(props: CronWorkflowProps): Any {
  const chart = Testing.chart();
  new CronWorkflow(chart, 'cron', props);
  return Testing.synth(chart)[0];
}

function synthError(props: CronWorkflowProps): string {
  try {
    synth(props);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('synth succeeded');
}

describe('CronWorkflow', () => {
  it('runs the template on v4 `schedules` with Forbid, UTC and a starting deadline by default', () => {
    const object = synth(base);
    expect(object.kind).toBe('CronWorkflow');
    expect(object.spec.schedules).toEqual(['0 2 * * *']);
    expect(object.spec.schedule).toBeUndefined();
    expect(object.spec.concurrencyPolicy).toBe('Forbid');
    expect(object.spec.timezone).toBe('UTC');
    expect(object.spec.startingDeadlineSeconds).toBe(300);
    expect(object.spec.workflowSpec.workflowTemplateRef).toEqual({ name: 'openstack-resync' });
    expect(object.spec.workflowSpec.arguments.parameters).toEqual([{ name: 'region', value: 'RegionOne' }]);
    expect(object.metadata.annotations['workflows.argoproj.io/title']).toBe('Nightly resync');
  });

  it('runs carry only workflowTemplateRef and arguments, so templateReferencing: Strict admits them', () => {
    // ServiceAccount, security context, deadline, TTL and pod GC all come from the template.
    expect(Object.keys(synth(base).spec.workflowSpec).sort()).toEqual(['arguments', 'workflowTemplateRef']);
  });

  it('accepts the fields Strict lets a run set, e.g. priority and workflowMetadata labels', () => {
    const object = synth({ ...base, workflowSpec: { priority: 5, workflowMetadata: { labels: { team: 'ops' } } } });
    expect(object.spec.workflowSpec.priority).toBe(5);
    expect(object.spec.workflowSpec.workflowMetadata).toEqual({ labels: { team: 'ops' } });
  });

  it('refuses serviceAccountName beside workflowTemplateRef (templateReferencing: Strict would error each run)', () => {
    expect(synthError({ ...base, workflowSpec: { serviceAccountName: 'opsflow-workflow-openstack-resync' } })).toBe(
      'Validation failed with the following errors:\n' +
        '  [test/cron] CronWorkflow nightly-resync: spec.workflowSpec.serviceAccountName: must not ' +
        'be set beside workflowTemplateRef: a controller with templateReferencing Strict or Secure errors the Workflow ' +
        '(argo-workflows workflow/util/merge.go); set it in the WorkflowTemplate (got "opsflow-workflow-openstack-resync")',
    );
  });

  it('names every refused field at once: securityContext, onExit and artifactGC.serviceAccountName', () => {
    const message = synthError({
      ...base,
      workflowSpec: {
        securityContext: { runAsUser: 0 },
        onExit: 'notify',
        artifactGC: { strategy: 'OnWorkflowDeletion', serviceAccountName: 'root' },
      },
    });
    expect(message).toMatch(/spec\.workflowSpec\.securityContext: must not be set .* \(got \{"runAsUser":0\}\)/);
    expect(message).toMatch(/spec\.workflowSpec\.onExit: must not be set .* \(got "notify"\)/);
    expect(message).toMatch(/spec\.workflowSpec\.artifactGC\.serviceAccountName: must not be set .* \(got "root"\)/);
    expect(message).not.toMatch(/spec\.workflowSpec\.artifactGC:/);
  });

  it('accepts Replace and a time zone', () => {
    const object = synth({ ...base, concurrencyPolicy: 'Replace', timezone: 'Europe/Paris' });
    expect(object.spec.concurrencyPolicy).toBe('Replace');
    expect(object.spec.timezone).toBe('Europe/Paris');
  });

  it.each(['UTC', 'Etc/UTC', 'America/Argentina/Buenos_Aires', 'US/Eastern', 'Asia/Calcutta'])(
    'accepts the IANA zone %s, canonical or an alias',
    (timezone) => {
      expect(synth({ ...base, timezone }).spec.timezone).toBe(timezone);
    },
  );

  it('names the unknown argument, the unset required parameter and the value outside the enum', () => {
    const message = synthError({ ...base, arguments: { regoin: 'RegionOne', mode: 'partial' } });
    expect(message).toMatch(
      /CronWorkflow nightly-resync: spec.workflowSpec.arguments.parameters.regoin: is not a parameter of WorkflowTemplate openstack-resync \(parameters: region, mode\) \(got "regoin"\)/,
    );
    expect(message).toMatch(
      /CronWorkflow nightly-resync: spec.workflowSpec.arguments.parameters.region: is required by WorkflowTemplate openstack-resync but not set/,
    );
    expect(message).toMatch(
      /CronWorkflow nightly-resync: spec.workflowSpec.arguments.parameters.mode: must be one of full, diff \(got "partial"\)/,
    );
  });

  it('refuses an empty schedule list', () => {
    expect(synthError({ ...base, schedules: [] })).toMatch(
      /CronWorkflow nightly-resync: spec.schedules: must list at least one schedule \(got \[\]\)/,
    );
  });

  it('refuses a schedule field out of range, an unknown time zone and a name that is no label', () => {
    const message = synthError({
      ...base,
      name: 'Nightly',
      schedules: ['@daily', '61 2 * * *'],
      timezone: 'Mars/Olympus',
    });
    expect(message).toMatch(
      /CronWorkflow Nightly: metadata.name: must be a lowercase RFC 1123 label .*\(got "Nightly"\)/,
    );
    expect(message).toMatch(/spec.schedules.1: minute "61" is outside 0-59 \(got "61 2 \* \* \*"\)/);
    expect(message).not.toMatch(/spec.schedules.0/);
    expect(message).toMatch(/spec.timezone: must be an IANA time zone such as "Europe\/Paris" \(got "Mars\/Olympus"\)/);
  });

  it('shows the value the schema refused', () => {
    expect(synthError({ ...base, schedules: ['every night'] })).toMatch(
      /CronWorkflow nightly-resync: \/spec\/schedules\/0 must match pattern .* \(got "every night"\)/,
    );
  });
});
