import { steps } from '../../../src/steps/alertmanager/index.js';
import { SilenceCreateInput, SilenceExpireInput } from '../../../src/steps/alertmanager/inputs.js';
import { catalogFromSteps } from '../../../src/steps/runtime/manifest.js';
import { runCli } from '../runtime/harness.js';

const catalog = catalogFromSteps(steps);
const base = { duration: '1h', comment: 'c' };

describe('silence-create matchers', () => {
  it.each([
    ['instance="cmp1"', { name: 'instance', value: 'cmp1', isRegex: false, isEqual: true }],
    ['instance=cmp1', { name: 'instance', value: 'cmp1', isRegex: false, isEqual: true }],
    ['alertname=~"Node.*"', { name: 'alertname', value: 'Node.*', isRegex: true, isEqual: true }],
    ['severity!="info"', { name: 'severity', value: 'info', isRegex: false, isEqual: false }],
    ['job!~"test|dev"', { name: 'job', value: 'test|dev', isRegex: true, isEqual: false }],
    ['msg="say \\"hi\\""', { name: 'msg', value: 'say "hi"', isRegex: false, isEqual: true }],
  ])('reads %s as amtool does', (text, matcher) => {
    // A negative matcher alone matches the empty string, which Alertmanager refuses: pair it with a positive one.
    expect(SilenceCreateInput.parse({ ...base, matchers: [text, 'env=prod'] }).matchers[0]).toEqual(matcher);
  });

  it('takes the API object form with defaults', () => {
    expect(SilenceCreateInput.parse({ ...base, matchers: [{ name: 'host', value: 'a' }] }).matchers).toEqual([
      { name: 'host', value: 'a', isRegex: false, isEqual: true },
    ]);
  });

  it('refuses bad input with exit 2, naming the field and the value', async () => {
    const run = await runCli(catalog, [
      'alertmanager',
      'silence-create',
      '--matchers',
      '["instance"]',
      '--duration',
      '90',
      '--comment',
      'c',
      '--key',
      'has space',
    ]);
    expect(run.code).toBe(2);
    expect(run.message.split('\n').slice(0, 4)).toEqual([
      'invalid input for alertmanager/silence-create:',
      '  matchers.0: must be a matcher such as instance="cmp1", alertname=~"Node.*" or severity!="info" (a quoted ' +
        'value ends with an unescaped "), or an object {name, value, isRegex, isEqual} (got "instance" from --matchers)',
      '  duration: must be a duration such as "30m", "2h", "1h30m" or "7d" (got "90" from --duration)',
      '  key: must be 1-200 letters, digits and . _ : / @ - (no spaces) (got "has space" from --key)',
    ]);
  });

  it('refuses matchers that would silence every alert', () => {
    const result = SilenceCreateInput.safeParse({ ...base, matchers: ['instance=~".*"', 'job!="x"'] });
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      'at least one matcher must not match the empty string (Alertmanager refuses a silence of every alert)',
    ]);
  });

  it('needs a key outside a Workflow', async () => {
    const run = await runCli(
      catalog,
      ['alertmanager', 'silence-create', '--matchers', '["a=b"]', '--duration', '1h', '--comment', 'c'],
      { env: { ALERTMANAGER_URL: 'http://127.0.0.1:9' } },
    );
    expect(run.code).toBe(2);
    expect(run.message).toBe(
      'key: not set; pass --key (e.g. maintenance/cmp1) or run in an Argo Workflow (ARGO_WORKFLOW_NAME)\n',
    );
  });
});

describe('silence-expire', () => {
  it.each([
    [{}, 'give exactly one of id and key'],
    [{ id: '00000000-0000-4000-8000-000000000000', key: 'k' }, 'give exactly one of id and key'],
    [{ id: '00000000-0000-4000-8000-000000000000', matchers: ['a=b'] }, 'matchers narrow a key search; they need key'],
  ])('refuses %j', (input, message) => {
    expect(SilenceExpireInput.safeParse(input).error?.issues.map((i) => i.message)).toContain(message);
  });
});
