import type { Workflow } from '../../clients/argo/index.js';
import { action, collectPair, newCommand, outputOption, type Zod } from '../command.js';
import { connectionFlags } from '../config.js';
import { connect } from '../connect.js';
import { creatorLabelValue } from '../creator-label.js';
import { badInput } from '../errors.js';
import type { CliIo } from '../io.js';
import { outputFormat, printOutput } from '../output.js';
import { CREATOR_LABEL, RUN_COLUMNS, runRow, TEMPLATE_LABEL, whyOf } from './get.js';

const PHASE_LABEL = 'workflows.argoproj.io/phase';
const PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Error'] as const;
const UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

const since = (z: Zod) =>
  z
    .string()
    .regex(/^\d+[smhd]$/, 'expected a duration like 30m, 24h or 7d')
    .transform((value) => Number(value.slice(0, -1)) * UNITS[value.slice(-1)]!);

const HistoryOptions = (z: Zod) =>
  connectionFlags(z).extend({
    mine: z.boolean().default(false),
    user: z.string().min(1).optional(),
    action: z.string().min(1).optional(),
    status: z.enum(PHASES).optional(),
    since: since(z).optional(),
    target: z.record(z.string(), z.string()).default({}),
    output: outputFormat(z),
  });

/**
 * Live runs (GET /api/v1/workflows/{ns}) and archived ones (GET /api/v1/archived-workflows), newest first, one row
 * per run (a run both live and archived shows once). --action, --status, --mine and --user become label selectors
 * on the labels Argo sets (workflow-template, phase, creator); --target with --action, naming exactly the action's
 * target parameters, selects by the `opsflow.io/target` label the controller sets (src/governance/audit.ts), so the
 * archive answers it; --since and --target (each a parameter value) also filter the rows.
 */
export function historyCommand(io: CliIo) {
  return newCommand('history', 'past and current runs, live and archived')
    .option('--mine', 'only the runs you started')
    .option('--user <subject>', 'only the runs this person (OIDC subject) started')
    .option('--action <action>', 'only runs of this action')
    .option('--status <phase>', `only runs in this phase (${PHASES.join(', ')})`)
    .option('--since <duration>', 'only runs created within this long, e.g. 24h')
    .option('--target <name=value>', 'only runs whose parameter has this value (repeatable)', collectPair)
    .addOption(outputOption())
    .action(
      action(io, HistoryOptions, [], async (options) => {
        const { argo, namespace } = await connect(options, io);
        const selector: string[] = [];
        if (options.action) selector.push(`${TEMPLATE_LABEL}=${options.action}`);
        if (options.status) selector.push(`${PHASE_LABEL}=${options.status}`);
        if (options.mine) {
          const user = await argo.call('get', '/api/v1/userinfo');
          if (!user.subject) throw badInput('--mine: Argo Server knows no subject for this token (not an SSO token)');
          selector.push(`${CREATOR_LABEL}=${creatorLabelValue(user.subject)}`);
        }
        if (options.user) selector.push(`${CREATOR_LABEL}=${creatorLabelValue(options.user)}`);
        if (options.action && Object.keys(options.target).length > 0) {
          // Loaded here, not at start-up: it hashes with node:crypto (--help stays light, test/bundles/cli-bundle).
          const { TARGET_LABEL, TARGET_PARAMETERS_ANNOTATION, targetKey } = await import('../../governance/audit.js');
          const template = await argo.call('get', '/api/v1/workflow-templates/{namespace}/{name}', {
            path: { namespace, name: options.action },
          });
          const targets = template.metadata.annotations?.[TARGET_PARAMETERS_ANNOTATION]?.split(',') ?? [];
          const given = Object.keys(options.target).sort();
          if (targets.length > 0 && targets.join(',') === given.join(',')) {
            selector.push(`${TARGET_LABEL}=${targetKey(options.target)}`);
          }
        }
        const labelSelector = selector.join(',') || undefined;
        const [live, archived] = await Promise.all([
          argo.call('get', '/api/v1/workflows/{namespace}', {
            path: { namespace },
            query: { 'listOptions.labelSelector': labelSelector },
          }),
          argo.call('get', '/api/v1/archived-workflows', {
            query: { namespace, 'listOptions.labelSelector': labelSelector },
          }),
        ]);
        const byUid = new Map<string, Workflow>();
        for (const workflow of [...(archived.items ?? []), ...(live.items ?? [])]) {
          byUid.set(workflow.metadata.uid ?? workflow.metadata.name ?? '', workflow);
        }
        const now = io.now();
        const runs = [...byUid.values()]
          .filter(
            (wf) =>
              options.since === undefined ||
              now - Date.parse(wf.metadata.creationTimestamp ?? '') <= options.since * 1000,
          )
          .filter((wf) =>
            Object.entries(options.target).every(([key, value]) =>
              (wf.spec.arguments?.parameters ?? []).some((p) => p.name === key && p.value === value),
            ),
          )
          .sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''));
        // WHY: the reason, event or schedule (`opsflow get` shows them all); in JSON and YAML, the run's annotations.
        const whys = await Promise.all(runs.map(async (wf) => (await whyOf(wf))[0]?.join(': ') ?? ''));
        await printOutput(io, options.output, runs, () => [
          [...RUN_COLUMNS, 'WHY'],
          ...runs.map((wf, i) => [...runRow(wf, now), whys[i]!]),
        ]);
      }),
    );
}
