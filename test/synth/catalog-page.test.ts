import * as catalog from '../../src/catalog/index.js';
import { loadSite } from '../../src/catalog/site.js';
import { exampleSite } from '../../src/catalog/sites/example.js';
import { buildApp } from '../../src/charts/app.js';
import { CATALOG_PAGE, catalogPage } from '../../src/synth/catalog-page.js';
import { renderApp } from '../../src/synth/render.js';

const files = renderApp(buildApp(loadSite(exampleSite), catalog), [(objects) => catalogPage(objects, catalog)]);
const page = files.find((file) => file.path === CATALOG_PAGE)!.content;
/** The section of one entry: from its heading to the next. */
const section = (name: string) => page.split(`\n### ${name}\n`)[1]!.split('\n### ')[0]!.split('\n## ')[0]!;

describe('docs/catalog.md', () => {
  it.each([...catalog.actions, ...catalog.composites].map((entry) => [entry.name]))(
    '%s: a row in the index and a section with its argo submit line and every parameter',
    (name) => {
      expect(page).toContain(`| [\`${name}\`](#${name}) |`);
      const text = section(name);
      expect(text).toContain(`- **Run:** \`argo submit --from workflowtemplate/${name}`);
      const entry = [...catalog.actions, ...catalog.composites].find((candidate) => candidate.name === name)!;
      const input = 'step' in entry ? entry.step.input : entry.input;
      for (const parameter of Object.keys(input._zod.def.shape)) expect(text).toContain(`| \`${parameter}\` |`);
    },
  );

  it('says what the YAML does: the drain lock and limit, its account rules, the choices of a dropdown', () => {
    const drain = section('nova-hypervisor-drain');
    expect(drain).toContain(
      '- **Locks and limits:** mutex `nova-compute-host_{{workflow.parameters.host}}`; at most 2 at once (`opsflow-semaphores/nova-hypervisor-drain`)',
    );
    expect(drain).toContain('namespace: create, patch workflowtaskresults (argoproj.io)');
    expect(drain).toContain('| `blockMigration` | string | `auto` | `auto`, `true`, `false` |');
    expect(section('openshift-pod-logs')).toContain('- **Mutates:** no');
    expect(section('aws-rds-reboot')).toContain(
      '`eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/opsflow-steps`',
    );
    expect(section('openstack-hypervisor-maintenance')).toContain(
      '`drain` (openstack hypervisor-drain; after `approval`) (then the exit handler `exit` notifies the outcome)',
    );
  });

  it('lists every automation with its event, filters and action, and draws EventSource -> Sensor -> WorkflowTemplate', () => {
    for (const automation of catalog.automations) {
      expect(page).toMatch(
        new RegExp(
          `\\| \`${automation.name}\` \\| \`${automation.on.source.name}\` / \`${automation.on.event}\` \\| .+ \\| \\[\`${automation.action.name}\`\\]`,
        ),
      );
    }
    expect(page).toContain(
      '| `restart-stuck-deployment` | `alertname` = `KubeDeploymentRolloutStuck` | [`openshift-workload-restart`](#openshift-workload-restart) | `cluster` = label `cluster` ~ `^(?:[a-z0-9]([-a-z0-9]*[a-z0-9])?)$`<br>',
    );
    const mermaid = page.split('```mermaid\n')[1]!.split('```')[0]!;
    expect(mermaid.split('\n')).toEqual(
      expect.arrayContaining([
        'flowchart LR',
        '  es_alertmanager -- alerts --> sensor_alert_routes',
        '  sensor_alert_routes --> wt_opsflow_alert_fan_out["WorkflowTemplate opsflow-alert-fan-out"]',
        '  wt_opsflow_alert_fan_out -- restart-stuck-deployment --> wt_openshift_workload_restart["WorkflowTemplate openshift-workload-restart"]',
      ]),
    );
  });
});
