import fc from 'fast-check';
import { Filter, quoteMeta } from '../../../src/constructs/events/index.js';

/** Upstream matches the filter value with Go's regexp.Match; for these patterns RE2 and JavaScript agree. */
function passes(filter: Filter, value: string): boolean {
  const matched = filter.spec.value.some((pattern) => new RegExp(pattern, 'u').test(value));
  return filter.spec.comparator === '!=' ? !matched : matched;
}

describe('Filter', () => {
  it('anchors literal values so "firing" does not match "notfiring"', () => {
    const filter = Filter.equals('body.status', 'firing');
    expect(filter.spec).toEqual({ path: 'body.status', type: 'string', value: ['^firing$'] });
    expect(passes(filter, 'firing')).toBe(true);
    expect(passes(filter, 'notfiring')).toBe(false);
    expect(passes(filter, 'firing-again')).toBe(false);
  });

  it('escapes regex syntax in literal values', () => {
    const filter = Filter.equals('body.event_type', 'baremetal.node.provision_set.end');
    expect(filter.spec.value).toEqual(['^baremetal\\.node\\.provision_set\\.end$']);
    expect(passes(filter, 'baremetalXnodeXprovision_setXend')).toBe(false);
  });

  it('matches any literal value exactly', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (value, other) => {
        const filter = Filter.equals('body.x', value);
        expect(passes(filter, value)).toBe(true);
        if (other !== value) expect(passes(filter, other)).toBe(false);
      }),
    );
  });

  it('ORs alternatives inside one anchored group', () => {
    const filter = Filter.oneOf('body.commonLabels.severity', ['critical', 'page']);
    expect(filter.spec.value).toEqual(['^(?:critical|page)$']);
    expect(passes(filter, 'page')).toBe(true);
    expect(passes(filter, 'critical-ish')).toBe(false);
  });

  it('negates with one regex, since upstream ORs several values under "!="', () => {
    const filter = Filter.noneOf('body.status', ['resolved', 'silenced']);
    expect(filter.spec).toEqual({
      path: 'body.status',
      type: 'string',
      value: ['^(?:resolved|silenced)$'],
      comparator: '!=',
    });
    expect(passes(filter, 'resolved')).toBe(false);
    expect(passes(filter, 'firing')).toBe(true);
  });

  it('anchors an explicit regex too', () => {
    const filter = Filter.matches('body.commonLabels.alertname', 'KubePod(CrashLooping|NotReady)');
    expect(filter.spec.value).toEqual(['^(?:KubePod(CrashLooping|NotReady))$']);
    expect(passes(filter, 'KubePodNotReady')).toBe(true);
    expect(passes(filter, 'XKubePodNotReady')).toBe(false);
  });

  it('renders numbers and booleans with their comparator', () => {
    expect(Filter.number('body.alerts.#', '>', 0).spec).toEqual({
      path: 'body.alerts.#',
      type: 'number',
      value: ['0'],
      comparator: '>',
    });
    expect(Filter.bool('body.truncatedAlerts', false).spec).toEqual({
      path: 'body.truncatedAlerts',
      type: 'bool',
      value: ['false'],
    });
  });

  it('reports regex features Go does not have, and bad paths', () => {
    expect(Filter.matches('body.x', '(?!foo)bar').problems('f')).toEqual([
      expect.stringMatching(/^f\.value: uses lookaround or backreferences.*\(got "\(\?!foo\)bar"\)$/),
    ]);
    expect(Filter.matches('body.x', 'a(b').problems('f')).toEqual([
      expect.stringMatching(/^f\.value: is not a valid regex/),
    ]);
    expect(Filter.equals('body..x.', 'a').problems('f')).toEqual([
      expect.stringMatching(/^f\.path: .*\(got "body\.\.x\."\)$/),
    ]);
    expect(Filter.number('body.n', '>', Number.NaN).problems('f')).toEqual([
      expect.stringMatching(/^f\.value: must be a finite number/),
    ]);
  });

  it('quotes exactly the characters Go regexp.QuoteMeta quotes', () => {
    expect(quoteMeta('a.b+c*d?e(f)g|h[i]j{k}l^m$n\\o-p_q/r')).toBe(
      'a\\.b\\+c\\*d\\?e\\(f\\)g\\|h\\[i\\]j\\{k\\}l\\^m\\$n\\\\o-p_q/r',
    );
  });
});
