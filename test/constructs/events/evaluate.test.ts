import { execFileSync } from 'node:child_process';
import {
  amqpEventData,
  evaluateSensor,
  executeTrigger,
  gjsonGet,
  passesFilters,
  Transform,
  type v1alpha1,
  webhookEventData,
} from '../../../src/constructs/events/index.js';

describe('gjsonGet', () => {
  const data = { body: { 'oslo.message': 'x', alerts: [{ labels: { a: '1' } }, {}], n: 3, t: true, z: null } };

  it('reads keys, escaped dots, array indexes and lengths', () => {
    expect(gjsonGet(data, 'body.alerts.0.labels.a')).toEqual({ exists: true, value: '1' });
    expect(gjsonGet(data, 'body.oslo\\.message')).toEqual({ exists: true, value: 'x' });
    expect(gjsonGet(data, 'body.alerts.#')).toEqual({ exists: true, value: 2 });
    expect(gjsonGet(data, 'body.z')).toEqual({ exists: true, value: null });
    expect(gjsonGet(data, 'body.alerts.5')).toEqual({ exists: false });
    expect(gjsonGet(data, 'body.n.x')).toEqual({ exists: false });
  });

  it('refuses wildcards and queries instead of guessing', () => {
    expect(() => gjsonGet(data, 'body.alerts.#(status=="firing")')).toThrow(/not evaluated here/);
    expect(() => gjsonGet(data, 'body.al*')).toThrow(/wildcards/);
  });
});

describe('passesFilters (upstream filterData)', () => {
  const data = { body: { status: 'firing', count: 3, flag: 'true' } };
  const f = (filter: v1alpha1.DataFilter) => ({ data: [filter] });

  it('matches string values as unanchored regexes, which is why the generator anchors them', () => {
    expect(passesFilters(f({ path: 'body.status', type: 'string', value: ['fir'] }), data)).toBe(true);
    expect(passesFilters(f({ path: 'body.status', type: 'string', value: ['^fir$'] }), data)).toBe(false);
    expect(passesFilters(f({ path: 'body.status', type: 'string', value: ['^firing$'], comparator: '!=' }), data)).toBe(
      false,
    );
  });

  it('compares numbers and reads booleans the way gjson does', () => {
    expect(passesFilters(f({ path: 'body.count', type: 'number', value: ['2'], comparator: '>' }), data)).toBe(true);
    expect(passesFilters(f({ path: 'body.count', type: 'number', value: ['3'], comparator: '<' }), data)).toBe(false);
    expect(passesFilters(f({ path: 'body.flag', type: 'bool', value: ['true'] }), data)).toBe(true);
  });

  it('reads an event string as a number the way gjson does: Go ParseFloat, 0 on a syntax error', () => {
    const number = (value: string, comparator: v1alpha1.DataFilter['comparator'], event: unknown) =>
      passesFilters(f({ path: 'body.n', type: 'number', value: [value], comparator }), { body: { n: event } });
    expect(number('12', '=', '12x')).toBe(false);
    expect(number('0', '=', '12x')).toBe(true);
    expect(number('12', '=', ' 12')).toBe(false);
    expect(number('1000', '=', '1_000')).toBe(true);
    expect(number('16', '=', '0x10')).toBe(false);
    expect(number('16', '=', '0x1p4')).toBe(true);
    expect(number('1e308', '>', '1e999')).toBe(true);
    expect(number('Inf', '>', 5)).toBe(false);
    expect(number('Inf', '<', 5)).toBe(true);
    expect(number('NaN', '!=', 'NaN')).toBe(true);
  });

  it('refuses a number filter value Go ParseFloat refuses, naming it', () => {
    for (const value of ['0x10', ' 12', '', '12x', '1e400']) {
      expect(() => passesFilters(f({ path: 'body.count', type: 'number', value: [value] }), data)).toThrow(
        `filter value ${JSON.stringify(value)} is not a number`,
      );
    }
  });

  it('reads an event value as a boolean the way gjson Result.Bool() does', () => {
    const isTrue = (event: unknown) =>
      passesFilters(f({ path: 'body.b', type: 'bool', value: ['true'] }), { body: { b: event } });
    for (const event of ['true', '1', 't', 'T', 'TRUE', 'TrUe', true, 2])
      expect({ event, b: isTrue(event) }).toEqual({ event, b: true });
    for (const event of ['yes', 'on', 'false', '0', ' true', false, 0, null])
      expect({ event, b: isTrue(event) }).toEqual({ event, b: false });
    expect(() => passesFilters(f({ path: 'body.flag', type: 'bool', value: ['yes'] }), data)).toThrow(
      'filter value "yes" is not a boolean',
    );
  });

  it('fails a filter whose path is missing, and honours the or operator', () => {
    const missing: v1alpha1.DataFilter = { path: 'body.nope', type: 'string', value: ['.*'] };
    const status: v1alpha1.DataFilter = { path: 'body.status', type: 'string', value: ['^firing$'] };
    expect(passesFilters({ data: [missing, status] }, data)).toBe(false);
    expect(passesFilters({ data: [missing, status], dataLogicalOperator: 'or' }, data)).toBe(true);
  });
});

describe('evaluateSensor', () => {
  const sensor = {
    metadata: { name: 'ironic-sync' },
    spec: {
      eventBusName: 'default',
      template: { serviceAccountName: 'ironic-sync-sensor' },
      dependencies: [
        {
          name: 'event',
          eventSourceName: 'openstack',
          eventName: 'ironic',
          transform: { jq: Transform.osloMessage().jq },
          filters: {
            data: [{ path: 'body.event_type', type: 'string', value: ['^baremetal\\.node\\.provision_set\\.end$'] }],
          },
        },
      ],
      triggers: [
        {
          atLeastOnce: true,
          template: {
            name: 'device-sync',
            k8s: {
              operation: 'create',
              source: {
                resource: {
                  apiVersion: 'argoproj.io/v1alpha1',
                  kind: 'Workflow',
                  metadata: { generateName: 'device-sync-' },
                  spec: {
                    arguments: {
                      parameters: [
                        { name: 'node', value: '' },
                        { name: 'state', value: '' },
                      ],
                    },
                  },
                },
              },
              parameters: [
                {
                  src: { dependencyName: 'event', dataKey: 'body.payload.ironic_object\\.data.uuid' },
                  dest: 'spec.arguments.parameters.0.value',
                },
                {
                  src: { dependencyName: 'event', dataKey: 'body.payload.missing', value: 'unknown' },
                  dest: 'spec.arguments.parameters.1.value',
                },
              ],
            },
          },
        },
      ],
    } satisfies v1alpha1.SensorSpec,
  };
  const inner = { event_type: 'baremetal.node.provision_set.end', payload: { 'ironic_object.data': { uuid: 'n-1' } } };
  const event = {
    eventSourceName: 'openstack',
    eventName: 'ironic',
    data: {
      routingKey: 'ironic_versioned_notifications.info',
      body: { 'oslo.version': '2.0', 'oslo.message': JSON.stringify(inner) },
    },
  };
  const jq = (expression: string, input: unknown) =>
    JSON.parse(execFileSync('jq', ['-c', expression], { input: JSON.stringify(input) }).toString());

  it('transforms, filters and writes each parameter at its dest, falling back to the default value', () => {
    const [fired] = evaluateSensor(sensor, event, { jq });
    expect((fired!.resource.spec as { arguments: unknown }).arguments).toEqual({
      parameters: [
        { name: 'node', value: 'n-1' },
        { name: 'state', value: 'unknown' },
      ],
    });
  });

  it('refuses a transform it cannot run', () => {
    expect(() => evaluateSensor(sensor, event)).toThrow(/jq transform and no jq runner/);
  });

  /** The sensor with its second parameter read by a template instead. */
  const templated = (dataTemplate: string) => {
    const copy = structuredClone(sensor);
    copy.spec.triggers[0]!.template.k8s.parameters[1]!.src = { dependencyName: 'event', dataTemplate } as never;
    return copy;
  };

  it('evaluates the hashing template the generator emits: sprig sha256sum, then trunc', () => {
    const [fired] = evaluateSensor(templated('{{ .Input.body.event_type | sha256sum | trunc 20 }}'), event, { jq });
    const hex = 'baremetal.node.provision_set.end';
    expect(
      (fired!.resource.spec as { arguments: { parameters: { value: string }[] } }).arguments.parameters[1],
    ).toEqual({
      name: 'state',
      value: execFileSync('sha256sum', { input: hex }).toString().slice(0, 20),
    });
  });

  it('refuses any other template, and a field the event does not have', () => {
    expect(() => evaluateSensor(templated('{{ .Input.body.event_type | lower }}'), event, { jq })).toThrow(
      'dataTemplate "{{ .Input.body.event_type | lower }}" is not evaluated here',
    );
    expect(() => evaluateSensor(templated('{{ .Input.body.nope | sha256sum }}'), event, { jq })).toThrow(
      'dataTemplate "{{ .Input.body.nope | sha256sum }}": .Input.body.nope is not a string of the event',
    );
  });
});

describe('webhookEventData', () => {
  it('wraps the body with canonical headers and masks the bearer token', () => {
    expect(webhookEventData({ a: 1 }, { authorization: 'Bearer t', 'x-request-id': 'r1' })).toEqual({
      header: { Authorization: ['*** Masked Auth Secret ***'], 'X-Request-Id': ['r1'] },
      body: { a: 1 },
    });
  });
});

describe('amqpEventData', () => {
  it('copies the properties and embeds the JSON body, with Go zero values for absent ones', () => {
    expect(
      amqpEventData({
        exchange: 'ironic',
        routingKey: 'ironic_versioned_notifications.info',
        body: '{"oslo.version":"2.0","oslo.message":"{}"}',
        contentType: 'application/json',
        contentEncoding: 'utf-8',
        deliveryMode: 2,
      }),
    ).toEqual({
      contentType: 'application/json',
      contentEncoding: 'utf-8',
      deliveryMode: 2,
      priority: 0,
      correlationId: '',
      replyTo: '',
      expiration: '',
      messageId: '',
      timestamp: '0001-01-01 00:00:00 +0000 UTC',
      type: '',
      appId: '',
      exchange: 'ironic',
      routingKey: 'ironic_versioned_notifications.info',
      body: { 'oslo.version': '2.0', 'oslo.message': '{}' },
    });
    expect(
      (amqpEventData({ exchange: 'x', routingKey: 'y', body: '{}', timestamp: 1795000000 }) as { timestamp: string })
        .timestamp,
    ).toBe('2026-11-18 11:06:40 +0000 UTC');
  });
});

describe('executeTrigger (standard-k8s.go Execute)', () => {
  const workflow = (metadata: Record<string, unknown>, value = 'a') => ({
    metadata: { namespace: 'opsflow', ...metadata },
    spec: { arguments: { parameters: [{ name: 'node', value }] } },
  });

  test('create: a taken name is AlreadyExists, an error the listener retries', () => {
    const workflows = new Map<string, Record<string, unknown>>();
    const fired = { trigger: 't', operation: 'create' as const, resource: workflow({ name: 'sync-1' }) };
    expect(executeTrigger(fired, workflows)).toEqual({ outcome: 'created', name: 'sync-1' });
    expect(executeTrigger(fired, workflows)).toEqual({ outcome: 'error', name: 'sync-1', reason: 'AlreadyExists' });
  });

  test('create with generateName: every call is a new object', () => {
    const workflows = new Map<string, Record<string, unknown>>();
    const fired = { trigger: 't', operation: 'create' as const, resource: workflow({ generateName: 'sync-' }) };
    executeTrigger(fired, workflows);
    executeTrigger(fired, workflows);
    expect(workflows.size).toBe(2);
  });

  test('patch: created when missing, else merge-patched (the same fields change nothing)', () => {
    const workflows = new Map<string, Record<string, unknown>>();
    const fired = { trigger: 't', operation: 'patch' as const, resource: workflow({ name: 'sync-1' }) };
    expect(executeTrigger(fired, workflows).outcome).toBe('created');
    const before = structuredClone(workflows.get('sync-1'));
    expect(executeTrigger(fired, workflows)).toEqual({ outcome: 'patched', name: 'sync-1' });
    expect(workflows.get('sync-1')).toEqual(before);
    // A merge patch replaces lists and leaves fields it does not name.
    workflows.set('sync-1', { ...workflows.get('sync-1')!, status: { phase: 'Running' } });
    executeTrigger({ ...fired, resource: workflow({ name: 'sync-1' }, 'b') }, workflows);
    expect(workflows.get('sync-1')).toMatchObject({
      status: { phase: 'Running' },
      spec: { arguments: { parameters: [{ name: 'node', value: 'b' }] } },
    });
  });
});

describe('replay fidelity (Go encoding/json, gjson and regexp semantics)', () => {
  const amqp = (body: string, messageId = 'm-1') => amqpEventData({ exchange: 'x', routingKey: 'y', body, messageId });
  const f = (filter: v1alpha1.DataFilter): v1alpha1.EventDependencyFilter => ({ data: [filter] });

  it('keeps every digit of a big integer, as gjson reads the raw text', () => {
    const data = amqp(
      '{"id": 12345678901234567890, "half": 1.50, "big": 1e21, "small": 1e-7, "nested": {"n": 9007199254740993}}',
    );
    expect(passesFilters(f({ path: 'body.id', type: 'string', value: ['^12345678901234567890$'] }), data)).toBe(true);
    expect(passesFilters(f({ path: 'body.half', type: 'string', value: ['^1\\.5$'] }), data)).toBe(true);
    expect(passesFilters(f({ path: 'body.big', type: 'string', value: ['^1000000000000000000000$'] }), data)).toBe(
      true,
    );
    expect(passesFilters(f({ path: 'body.small', type: 'string', value: ['^0\\.0000001$'] }), data)).toBe(true);
    expect(passesFilters(f({ path: 'body.id', type: 'number', value: ['12345678901234567000'] }), data)).toBe(true);
    expect(JSON.stringify(gjsonGet(data, 'body.nested').value)).toBe('{"n":9007199254740993}');
  });

  it('writes a big integer into a trigger parameter with every digit', () => {
    const sensor = {
      metadata: { name: 's' },
      spec: {
        eventBusName: 'default',
        template: { serviceAccountName: 's' },
        dependencies: [{ name: 'e', eventSourceName: 'src', eventName: 'ev' }],
        triggers: [
          {
            template: {
              name: 't',
              k8s: {
                operation: 'create',
                source: { resource: { metadata: { generateName: 'w-' }, spec: { a: '', b: '' } } },
                parameters: [
                  { src: { dependencyName: 'e', dataKey: 'body.id' }, dest: 'spec.a' },
                  { src: { dependencyName: 'e', dataKey: 'body' }, dest: 'spec.b' },
                ],
              },
            },
          },
        ],
      } as unknown as v1alpha1.SensorSpec,
    };
    const [fired] = evaluateSensor(sensor, {
      eventSourceName: 'src',
      eventName: 'ev',
      data: amqp('{"id":12345678901234567890}'),
    });
    expect(fired!.resource.spec).toEqual({ a: '12345678901234567890', b: '{"id":12345678901234567890}' });
  });

  it('matches string filters with RE2 semantics: Go flags work, lookaround is refused, no backtracking', () => {
    const data = { body: { status: 'FIRING', long: `${'a'.repeat(50000)}b` } };
    expect(passesFilters(f({ path: 'body.status', type: 'string', value: ['(?i)^firing$'] }), data)).toBe(true);
    expect(() => passesFilters(f({ path: 'body.status', type: 'string', value: ['^(?=F)'] }), data)).toThrow(
      'filter value "^(?=F)" is not a Go regular expression: error parsing regexp: invalid or unsupported Perl syntax: `(?=`',
    );
    const started = Date.now();
    expect(passesFilters(f({ path: 'body.long', type: 'string', value: ['^(a+)+$'] }), data)).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a deeply nested payload with a clear error, and beyond encoding/json’s 10,000 levels with Go’s', () => {
    expect(() => amqp(`${'['.repeat(1000)}${']'.repeat(1000)}`)).not.toThrow();
    expect(() => amqp(`{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`)).toThrow(
      new Error(
        'the document is nested 5001 levels deep; replay evaluates up to 1000 levels (Argo Events accepts up to 10000)',
      ),
    );
    expect(() => amqp(`${'['.repeat(10001)}${']'.repeat(10001)}`)).toThrow(
      "json: error calling MarshalJSON for type *json.RawMessage: invalid character '[' exceeded max depth",
    );
  });

  it.each([
    ['hello', "invalid character 'h' looking for beginning of value"],
    ['', 'unexpected end of JSON input'],
    ['{"a":1', 'unexpected end of JSON input'],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', `invalid character '"' after object key:value pair`],
    ['{1:2}', "invalid character '1' looking for beginning of object key string"],
    ['[1,]', "invalid character ']' looking for beginning of value"],
    ['[1 2]', "invalid character '2' after array element"],
    ['{"a":01}', "invalid character '1' after object key:value pair"],
    ['{} x', "invalid character 'x' after top-level value"],
    ['"a\tb"', "invalid character '\\t' in string literal"],
    ['"\\q"', "invalid character 'q' in string escape code"],
    ['tru', 'unexpected end of JSON input'],
    ['trux', "invalid character 'x' in literal true (expecting 'e')"],
    ['-x', "invalid character 'x' in numeric literal"],
    ['1.x', "invalid character 'x' after decimal point in numeric literal"],
    ["{'a':1}", "invalid character '\\'' looking for beginning of object key string"],
  ])('gives Argo Events’ error for the AMQP body %j', (body, message) => {
    expect(() => amqp(body)).toThrow(
      new Error(
        `failed to marshal the message, message-id: m-1, json: error calling MarshalJSON for type *json.RawMessage: ${message}`,
      ),
    );
  });

  it('reads only a payload’s own properties, never inherited ones', () => {
    const data = { body: { status: 'firing' } };
    expect(gjsonGet(data, 'body.constructor')).toEqual({ exists: false });
    expect(gjsonGet(data, 'body.toString')).toEqual({ exists: false });
    expect(passesFilters(f({ path: 'body.__proto__', type: 'string', value: [''] }), data)).toBe(false);
  });
});
