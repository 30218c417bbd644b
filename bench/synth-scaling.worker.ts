/**
 * One measurement of bench/synth-scaling.bench.ts, in a process of its own so its peak RSS is its own:
 * `node --import tsx bench/synth-scaling.worker.ts <shape> <n>` builds the example site's catalog plus n entries of
 * that shape, synthesizes it in memory (build the app, validate, render every file) and prints one JSON line: wall and
 * CPU milliseconds of the synth, files, peak RSS.
 */
import { fileURLToPath } from 'node:url';
import type { Action } from '../src/catalog/action.js';
import { openshiftWorkloadRestart } from '../src/catalog/actions/openshift-workload-restart.js';
import {
  type Automation,
  constant,
  defineAutomation,
  type EventSourceDefinition,
  fromEvent,
  on,
} from '../src/catalog/automation.js';
import * as base from '../src/catalog/index.js';
import { loadSite } from '../src/catalog/site.js';
import { exampleSite } from '../src/catalog/sites/example.js';
import { buildApp, type Catalog } from '../src/charts/app.js';
import { Filter, WebhookEventSource } from '../src/constructs/events/index.js';
import { renderApp } from '../src/synth/render.js';

export const SHAPES = ['webhook-events', 'semaphores', 'mutexes'] as const;
export type Shape = (typeof SHAPES)[number];

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** One webhook EventSource with n events, and n automations, one on each, restarting a Deployment. */
function webhookEvents(n: number): Catalog {
  const source: EventSourceDefinition = {
    name: 'bulk-alerts',
    create: (scope, site) =>
      new WebhookEventSource(scope, 'bulk-alerts', {
        name: 'bulk-alerts',
        events: Object.fromEntries(
          range(n).map((i) => [
            `alerts-${i}`,
            { endpoint: `/alerts/${i}`, authSecret: { name: site.alertmanager.webhookToken.name, key: 'token' } },
          ]),
        ),
      }),
  };
  const automations: Automation[] = range(n).map((i) =>
    defineAutomation({
      name: `restart-stuck-deployment-${i}`,
      description: 'Restart the Deployment of a notification grouped by workload',
      on: on(source, `alerts-${i}`),
      filters: [Filter.equals('body.status', 'firing')],
      action: openshiftWorkloadRestart,
      parameters: {
        cluster: fromEvent('body.commonLabels.cluster'),
        namespace: fromEvent('body.commonLabels.namespace'),
        kind: constant('Deployment'),
        name: fromEvent('body.commonLabels.deployment'),
      },
    }),
  );
  return {
    ...base,
    eventSources: [...base.eventSources, source],
    automations: [...base.automations, ...automations],
  };
}

/** n more actions, each a copy of openshift-workload-restart with a `maxParallel` or a mutex of its own. */
function actionCopies(n: number, shape: 'semaphores' | 'mutexes'): Catalog {
  const actions: Action[] = range(n).map((i) => ({
    ...openshiftWorkloadRestart,
    name: `workload-restart-${i}`,
    ...(shape === 'semaphores'
      ? { maxParallel: 1 + (i % 5), mutex: undefined }
      : { maxParallel: undefined, mutex: { prefix: `object-${i}`, by: ['cluster', 'namespace', 'kind', 'name'] } }),
  }));
  return { ...base, actions: [...base.actions, ...actions] };
}

export function scaledCatalog(shape: Shape, n: number): Catalog {
  return shape === 'webhook-events' ? webhookEvents(n) : actionCopies(n, shape);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [shape, n] = [process.argv[2] as Shape, Number(process.argv[3])];
  if (!SHAPES.includes(shape) || !Number.isInteger(n)) throw new Error(`usage: <${SHAPES.join('|')}> <n>`);
  const site = loadSite(exampleSite);
  const catalog = scaledCatalog(shape, n);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const files = renderApp(buildApp(site, catalog));
  const cpu = process.cpuUsage(cpuBefore);
  const ms = performance.now() - started;
  // cpuUsage is in microseconds, maxRSS in KiB.
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(JSON.stringify({ ms, cpuMs, files: files.length, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
}
