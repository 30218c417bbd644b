import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { z } from 'zod';
import { defineAction } from '../../src/catalog/action.js';
import { loadSite } from '../../src/catalog/site.js';
import { exampleSite } from '../../src/catalog/sites/example.js';
import { actionWorkflowTemplate } from '../../src/charts/workflowtemplates.js';
import { DeadLetterTemplate } from '../../src/constructs/events/dead-letter.js';
import { Param, Sensor, WebhookEventSource, WorkflowTrigger } from '../../src/constructs/events/index.js';
import { SemaphoreConfigMap } from '../../src/constructs/platform/semaphores.js';
import { NodePowerInput } from '../../src/steps/openstack/inputs.js';
import { existingGeneratedFiles } from '../../src/synth/output.js';
import { OUTPUT_FOLDERS, renderFiles } from '../../src/synth/render.js';
import type { KubeObject } from '../../src/validation/kube-object.js';

// biome-ignore lint/suspicious/noExplicitAny: reading fields of parsed YAML
type Any = any;

const repoRoot = join(import.meta.dirname, '..', '..');
/** kubectl, the API server and Argo CD read YAML 1.1 (sigs.k8s.io/yaml on go-yaml v2); synth writes YAML 1.2. */
const readBothWays = (text: string) => ({ yaml11: parse(text, { version: '1.1' }), yaml12: parse(text) });

describe('every committed generated file', () => {
  const files = existingGeneratedFiles(repoRoot);

  it('covers every output folder', () => {
    for (const folder of OUTPUT_FOLDERS) expect(files.some((path) => path.startsWith(`${folder}/`))).toBe(true);
  });

  it.each(files)('%s reads back the same under YAML 1.1 and YAML 1.2', (path) => {
    const { yaml11, yaml12 } = readBothWays(readFileSync(join(repoRoot, path), 'utf8'));
    expect(yaml11).toEqual(yaml12);
  });
});

describe('the writer quotes every string a YAML 1.1 reader would read as something else', () => {
  // YAML 1.1 booleans, null, octal, sexagesimal, binary and infinity; Go's upper-case and signed base prefixes.
  const tricky = ['on', 'off', 'Yes', 'N', 'y', '~', '0777', '1:20', '0b1', '.inf', '0X1F', '-0o17'] as const;
  const site = loadSite(exampleSite);
  const action = defineAction({
    name: 'yaml-tricky',
    title: 'Values YAML 1.1 would misread',
    description: 'An enum of values that are strings in YAML 1.2 only.',
    step: {
      system: 'openstack',
      name: 'node-power',
      input: z.strictObject({ power: NodePowerInput.shape.power, mode: z.enum(tricky).describe('Mode') }),
      mutating: true,
    },
  });

  const chart = new Chart(Testing.app(), 'test', { namespace: 'opsflow' });
  const template = actionWorkflowTemplate(chart, site, action, new SemaphoreConfigMap(chart, 'semaphores'));
  const source = new WebhookEventSource(chart, 'Webhook', {
    name: 'hooks',
    events: { power: { endpoint: '/power', authSecret: { name: 'hooks-token', key: 'token' } } },
  });
  const sensor = new Sensor(chart, 'Sensor', { name: 'power' });
  const hook = sensor.addDependency('hook', { event: source.event('power') });
  sensor.addTrigger(
    new WorkflowTrigger({
      template,
      deadLetter: new DeadLetterTemplate(chart, 'DeadLetter'),
      parameters: { power: Param.constant('off'), mode: hook.value('body.mode', { default: 'on' }) },
    }),
  );
  const objects = Testing.synth(chart) as KubeObject[];
  const files = new Map(renderFiles(objects).map((file) => [file.path, file.content]));
  const readFile = (path: string) => readBothWays(files.get(path)!);

  it('renders every object so that both readers get exactly the synthesized object', () => {
    for (const [path, text] of files) {
      const object = objects.find((candidate) => renderFiles([candidate])[0]!.path === path);
      const { yaml11, yaml12 } = readBothWays(text);
      expect({ path, yaml11 }).toEqual({ path, yaml11: object });
      expect({ path, yaml12 }).toEqual({ path, yaml12: object });
    }
  });

  it('keeps an enum of them, and the Ironic on/off power values, strings under YAML 1.1', () => {
    const { yaml11 } = readFile('workflowtemplates/yaml-tricky.yaml');
    const parameters = Object.fromEntries(yaml11.spec.arguments.parameters.map((p: Any) => [p.name, p]));
    expect(parameters.power.enum).toEqual(['on', 'off', 'reboot']);
    expect(parameters.mode.enum).toEqual(tricky);
    // go-yaml v2 reads these as ints (strconv.ParseInt base 0), the yaml package's YAML 1.1 schema does not.
    const text = files.get('workflowtemplates/yaml-tricky.yaml')!;
    for (const value of ['on', '0X1F', '-0o17']) expect(text).toContain(`- "${value}"\n`);
  });

  it('keeps a Sensor parameter value and a default strings under YAML 1.1', () => {
    const { yaml11 } = readFile('sensors/power.yaml');
    const workflow = yaml11.spec.triggers[0].template.k8s.source.resource;
    const byName = Object.fromEntries(workflow.spec.arguments.parameters.map((p: Any) => [p.name, p.value]));
    expect(byName.power).toBe('off');
    const defaults = yaml11.spec.triggers[0].template.k8s.parameters.map((p: Any) => p.src.value);
    expect(defaults).toContain('on');
  });

  it('quotes only what needs it', () => {
    const text = files.get('workflowtemplates/yaml-tricky.yaml')!;
    expect(text).toContain('- reboot\n');
    expect(text).toMatch(/name: yaml-tricky\n/);
  });
});
