import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { parse } from 'yaml';
import * as catalog from '../../src/catalog/index.js';
import { loadSite } from '../../src/catalog/site.js';
import { exampleSite } from '../../src/catalog/sites/example.js';
import { buildApp } from '../../src/charts/app.js';
import { compareGeneratedFiles, writeGeneratedFiles } from '../../src/synth/output.js';
import { GENERATED_HEADER, outputPath, renderApp, renderYaml } from '../../src/synth/render.js';

const site = loadSite(exampleSite);
const render = () => renderApp(buildApp(site, catalog));
const repoRoot = join(import.meta.dirname, '..', '..');

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'opsflow-synth-test-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

describe('rendering', () => {
  it('puts each kind in its folder, named after kind and name', () => {
    const object = (kind: string, name: string) => ({ apiVersion: 'v1', kind, metadata: { name } });
    expect(outputPath(object('WorkflowTemplate', 'openshift-workload-restart'))).toBe(
      'workflowtemplates/openshift-workload-restart.yaml',
    );
    expect(outputPath(object('CronWorkflow', 'nightly'))).toBe('workflowtemplates/cronworkflow-nightly.yaml');
    expect(outputPath(object('Sensor', 'alertmanager'))).toBe('sensors/alertmanager.yaml');
    expect(outputPath(object('EventSource', 'alertmanager'))).toBe('eventsources/alertmanager.yaml');
    expect(outputPath(object('ServiceAccount', 'opsflow-sensor-alertmanager'))).toBe(
      'charts/platform/serviceaccount-opsflow-sensor-alertmanager.yaml',
    );
    expect(outputPath(object('Application', 'opsflow-example'))).toBe('charts/argocd/application-opsflow-example.yaml');
  });

  it('quotes the strings YAML 1.1 (kubectl, Argo CD) would read as booleans, so they stay strings there', () => {
    const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { on: 'off', y: 'yes' } };
    const text = renderYaml(object);
    expect(text).toContain('"on": "off"');
    expect(parse(text, { version: '1.1' })).toEqual(object);
    expect(parse(text)).toEqual(object);
  });

  it('is byte-for-byte deterministic, with the header first and keys sorted', () => {
    const first = render();
    const second = render();
    expect(second).toEqual(first);
    const template = first.find((file) => file.path === 'workflowtemplates/openshift-workload-restart.yaml');
    const lines = template!.content.split('\n');
    expect(lines[0]).toBe(GENERATED_HEADER);
    expect(lines.slice(1, 4)).toEqual(['apiVersion: argoproj.io/v1alpha1', 'kind: WorkflowTemplate', 'metadata:']);
    const topLevel = lines.filter((line) => /^[a-z]/i.test(line)).map((line) => line.split(':')[0]);
    expect(topLevel).toEqual([...topLevel].sort());
    expect(template!.content).not.toMatch(/[&*]\w+\n/); // no YAML anchors or aliases
  });

  it('runs every construct validation once per synth, and reports the errors of every chart at once', () => {
    const app = buildApp(site, catalog);
    let calls = 0;
    new Construct(app.charts[0]!, 'counted').node.addValidation({
      validate: () => {
        calls++;
        return [];
      },
    });
    renderApp(app);
    expect(calls).toBe(1);

    const broken = buildApp(site, catalog);
    for (const chart of broken.charts) {
      new Construct(chart, 'broken').node.addValidation({ validate: () => [`${chart.node.id} is broken`] });
    }
    expect(() => renderApp(broken)).toThrow(
      new RegExp(broken.charts.map((chart) => `\\[${chart.node.id}/broken\\] ${chart.node.id} is broken`).join('[^]*')),
    );
  });

  it('fails on a broken reference, naming both ends', () => {
    const app = buildApp(site, catalog);
    const chart = new Chart(app, 'extra', { namespace: 'opsflow' });
    new ApiObject(chart, 'wt', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'WorkflowTemplate',
      metadata: { name: 'orphan' },
      spec: { serviceAccountName: 'nobody', templates: [] },
    });
    expect(() => renderApp(app)).toThrow(
      /broken reference.*\n.*WorkflowTemplate opsflow\/orphan spec\.serviceAccountName: ServiceAccount "nobody" is not generated/,
    );
  });
});

describe('writing', () => {
  it('writes every file, removes stale generated files and keeps hand-written ones', () => {
    const files = render();
    mkdirSync(join(scratch, 'workflowtemplates'), { recursive: true });
    writeFileSync(
      join(scratch, 'workflowtemplates', 'old-action.yaml'),
      `${GENERATED_HEADER}\nkind: WorkflowTemplate\n`,
    );
    writeFileSync(join(scratch, 'workflowtemplates', 'hand-written.yaml'), 'kind: ConfigMap\n');

    const report = writeGeneratedFiles(scratch, files);
    expect(report.written).toHaveLength(files.length);
    expect(report.removed).toEqual(['workflowtemplates/old-action.yaml']);
    expect(existsSync(join(scratch, 'workflowtemplates', 'hand-written.yaml'))).toBe(true);
    const again = writeGeneratedFiles(scratch, files);
    expect(again).toEqual({ written: [], unchanged: files.map((file) => file.path), removed: [] });
  });

  it('never overwrites a hand-written file at a generated path, and writes nothing then', () => {
    const files = render();
    const [first, second] = files;
    mkdirSync(join(scratch, dirname(first!.path)), { recursive: true });
    writeFileSync(join(scratch, first!.path), 'kind: ConfigMap # mine\n');
    expect(() => writeGeneratedFiles(scratch, files)).toThrow(
      `synth would overwrite file(s) it did not generate (no header line); move or delete them:\n  ${first!.path}`,
    );
    expect(readFileSync(join(scratch, first!.path), 'utf8')).toBe('kind: ConfigMap # mine\n');
    expect(existsSync(join(scratch, second!.path))).toBe(false);
  });

  it('lists every missing, differing and stale file', () => {
    const files = render();
    writeGeneratedFiles(scratch, files);
    expect(compareGeneratedFiles(scratch, files)).toEqual([]);
    const [first, second] = files;
    rmSync(join(scratch, first!.path));
    writeFileSync(join(scratch, second!.path), `${second!.content}# edited by hand\n`);
    writeFileSync(join(scratch, 'workflowtemplates', 'gone.yaml'), `${GENERATED_HEADER}\nkind: WorkflowTemplate\n`);
    expect(compareGeneratedFiles(scratch, files)).toEqual([
      `missing: ${first!.path}`,
      `differs: ${second!.path}`,
      'stale:   workflowtemplates/gone.yaml',
    ]);
  });
});

describe('npm run synth / synth:check', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['scripts/synth.mjs', ...args, '--out', scratch], {
      cwd: repoRoot,
      encoding: 'utf8',
    });

  it('check fails listing what is out of date, and passes after synth', () => {
    const before = run('--check');
    expect(before.status).toBe(1);
    expect(before.stderr).toContain('missing: workflowtemplates/openshift-workload-restart.yaml');

    const synth = run();
    expect(synth.status).toBe(0);
    expect(readFileSync(join(scratch, 'workflowtemplates/openshift-workload-restart.yaml'), 'utf8')).toMatch(
      /^# Generated by `npm run synth`/,
    );
    writeFileSync(join(scratch, 'charts', 'platform', 'configmap-stale.yaml'), `${GENERATED_HEADER}\n`);

    const after = run('--check');
    expect(after.status).toBe(1);
    expect(after.stderr.trim().split('\n').slice(1)).toEqual(['  stale:   charts/platform/configmap-stale.yaml']);

    // The catalog page is checked like the YAML.
    rmSync(join(scratch, 'charts', 'platform', 'configmap-stale.yaml'));
    const page = join(scratch, 'docs', 'catalog.md');
    expect(readFileSync(page, 'utf8')).toMatch(/^<!-- Generated by `npm run synth`/);
    writeFileSync(page, `${readFileSync(page, 'utf8')}edited by hand\n`);
    const edited = run('--check');
    expect(edited.status).toBe(1);
    expect(edited.stderr.trim().split('\n').slice(1)).toEqual(['  differs: docs/catalog.md']);
  }, 60_000);
});
