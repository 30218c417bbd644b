import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { steps } from '../../../src/steps/notify/index.js';
import { catalogFromSteps } from '../../../src/steps/runtime/manifest.js';
import { runCli } from '../runtime/harness.js';

const catalog = catalogFromSteps(steps);

const diagnoses = [
  {
    name: 'podState',
    title: 'Pod state, restarts and events',
    phase: 'Succeeded',
    outputs: {
      lastTermination: 'app: Error, exit 3',
      events: 'Warning BackOff (x12): Back-off restarting failed container',
      logTail: 'starting\nException in thread "main" java.lang.OutOfMemoryError: Java heap space\n',
      result: '',
    },
  },
  { name: 'rollout', title: 'Rollout of its workload', phase: 'Failed', outputs: { kind: '', result: '' } },
];
const suggestions = [
  {
    remediation: 'heapDump',
    reason: 'the crashed log shows java.lang.OutOfMemoryError',
    diagnosis: 'podState',
    output: 'logTail',
    matches: 'java\\.lang\\.OutOfMemoryError',
  },
  {
    remediation: 'restart',
    reason: 'a workload owns the pod',
    diagnosis: 'rollout',
    output: 'kind',
    matches: '^Deployment$',
  },
];
const report = (input: { diagnoses?: unknown; suggestions?: unknown; title?: string }) =>
  runCli(catalog, [
    'notify',
    'runbook-report',
    '--title',
    input.title ?? 'KubePodCrashLooping: Pod shop/web-1 on prod',
    '--diagnoses',
    JSON.stringify(input.diagnoses ?? diagnoses),
    '--suggestions',
    JSON.stringify(input.suggestions ?? suggestions),
  ]);
const output = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');

describe('notify runbook-report', () => {
  it('renders every diagnosis, a failed one as such, and names the first matching remediation', async () => {
    const run = await report({});
    expect(run.code).toBe(0);
    expect(output(run.outputDir, 'report')).toBe(
      [
        'KubePodCrashLooping: Pod shop/web-1 on prod',
        '',
        'Suggested remediation: `heapDump`, because the crashed log shows java.lang.OutOfMemoryError.',
        '',
        'Diagnoses:',
        '- Pod state, restarts and events (`podState`): done',
        '  lastTermination: `app: Error, exit 3`',
        '  events: `Warning BackOff (x12): Back-off restarting failed container`',
        '  logTail:',
        '  ```',
        '  starting',
        '  Exception in thread "main" java.lang.OutOfMemoryError: Java heap space',
        '  ```',
        '- Rollout of its workload (`rollout`): Failed: no finding from it (it failed or passed its deadline)',
      ].join('\n'),
    );
    expect(output(run.outputDir, 'remediation')).toBe('heapDump');
    expect(run.result()).toMatchObject({
      outcome: 'unchanged',
      message: '1 of 2 diagnoses succeeded; suggested: heapDump',
    });
  });

  it('a failed diagnosis proves nothing: its output matching a rule suggests nothing; no rule holds -> "none"', async () => {
    const failedMatch = [{ ...diagnoses[1], outputs: { kind: 'Deployment' } }];
    const run = await report({ diagnoses: failedMatch, suggestions: [suggestions[1]] });
    expect(run.code).toBe(0);
    expect(output(run.outputDir, 'remediation')).toBe('none');
    expect(output(run.outputDir, 'reason')).toBe(
      'no rule matched the findings (without rollout, which did not succeed): look at the diagnoses',
    );
    expect(output(run.outputDir, 'report')).toContain(
      'No remediation suggested: no rule matched the findings (without rollout, which did not succeed): look at the diagnoses.',
    );
  });

  it('keeps the end of a long output and the whole report within one notify value', async () => {
    const long = { ...diagnoses[0], outputs: { logTail: `${'x'.repeat(5000)}\nthe last line\n` } };
    const run = await report({
      diagnoses: Array.from({ length: 8 }, (_, i) => ({ ...long, name: `d${i}` })),
      suggestions: [],
    });
    const text = output(run.outputDir, 'report');
    expect(text).toContain('  the last line\n');
    expect(text.length).toBeLessThanOrEqual(9000);
    expect(text.endsWith('… (cut: the full outputs are in the run)')).toBe(true);
  });

  it('refuses a rule naming no diagnosis and a pattern that is no regular expression, naming the field', async () => {
    const run = await report({
      suggestions: [
        { ...suggestions[0], diagnosis: 'podStat' },
        { ...suggestions[1], matches: '(' },
      ],
    });
    expect(run.code).toBe(2);
    expect(run.message).toContain('suggestions.0.diagnosis');
    expect(run.message).toContain('"podStat" is not one of the diagnoses (podState, rollout)');
    expect(run.message).toContain('suggestions.1.matches');
  });
});
