import { execFileSync } from 'node:child_process';
import { Transform } from '../../../src/constructs/events/index.js';

/** Run a transform with jq (the Sensor runs gojq, which implements the same language for these builtins). */
function runJq(transform: Transform, data: unknown): unknown {
  return JSON.parse(execFileSync('jq', ['-c', transform.jq], { input: JSON.stringify(data) }).toString());
}

/** AMQP event data as Argo Events wraps an oslo.messaging notification (`jsonBody: true`). */
const inner = {
  message_id: '6f6b8c1e-2f44-4d43-9bd5-2b8a4f2c1d11',
  publisher_id: 'ironic-conductor.127.0.0.1',
  event_type: 'baremetal.node.provision_set.end',
  priority: 'INFO',
  payload: {
    'ironic_object.name': 'NodeSetProvisionStatePayload',
    'ironic_object.data': { uuid: 'n1', provision_state: 'manageable' },
  },
  timestamp: '2026-11-22 02:31:19.522965',
};
const amqpData = {
  contentType: 'application/json',
  exchange: 'ironic',
  routingKey: 'ironic_versioned_notifications.info',
  body: { 'oslo.version': '2.0', 'oslo.message': JSON.stringify(inner) },
};

describe('Transform.osloMessage', () => {
  it('replaces the envelope with the parsed inner message', () => {
    expect(runJq(Transform.osloMessage(), amqpData)).toEqual({ ...amqpData, body: inner });
  });

  it('leaves data without the envelope unchanged (the output must stay an object)', () => {
    const plain = { ...amqpData, body: { event_type: 'x' } };
    expect(runJq(Transform.osloMessage(), plain)).toEqual(plain);
  });
});
