import { DeleteDBInstanceCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { FAKE_CREDENTIALS, FakeRds, RDS_XMLNS } from './fake-rds.js';

// The fake must reject what real RDS rejects, or the step tests could pass against requests AWS would refuse.
let fake: FakeRds;
let endpoint: string;

beforeEach(async () => {
  fake = new FakeRds();
  endpoint = await fake.start();
  fake.addInstance({ id: 'orders-db' });
});
afterEach(() => fake.stop());

const form = 'application/x-www-form-urlencoded';

describe('fake RDS', () => {
  it('answers an unsigned request with 403 MissingAuthenticationToken in an ErrorResponse', async () => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': form },
      body: 'Action=DescribeDBInstances&Version=2014-10-31',
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('text/xml');
    const body = await response.text();
    expect(body).toMatch(
      new RegExp(
        `^<ErrorResponse xmlns="${RDS_XMLNS}">\\s*<Error><Type>Sender</Type><Code>MissingAuthenticationToken</Code>`,
      ),
    );
    expect(body).toMatch(/<RequestId>[0-9a-f-]{36}<\/RequestId>\s*<\/ErrorResponse>$/);
  });

  it('rejects a malformed SigV4 header and a GET', async () => {
    const forged = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': form, authorization: 'AWS AKIDEXAMPLE:abc' },
      body: 'Action=DescribeDBInstances&Version=2014-10-31',
    });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('<Code>IncompleteSignature</Code>');

    const get = await fetch(`${endpoint}/?Action=DescribeDBInstances&Version=2014-10-31`);
    expect(get.status).toBe(400);
  });

  it('answers the SDK with the documented DescribeDBInstances document, which the SDK parses', async () => {
    const client = new RDSClient({ region: 'eu-west-1', endpoint, credentials: FAKE_CREDENTIALS, maxAttempts: 1 });
    try {
      const out = await client.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'orders-db' }));
      expect(out.DBInstances?.[0]).toMatchObject({
        DBInstanceIdentifier: 'orders-db',
        DBInstanceStatus: 'available',
        MultiAZ: false,
        Engine: 'postgres',
        Endpoint: { Address: 'orders-db.abcdefghijkl.eu-west-1.rds.amazonaws.com', Port: 5432 },
        InstanceCreateTime: new Date('2026-01-05T10:00:00.000Z'),
      });
      expect(out.$metadata.httpStatusCode).toBe(200);
      expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      client.destroy();
    }
  });

  it('refuses a request signed with another secret key', async () => {
    const client = new RDSClient({
      region: 'eu-west-1',
      endpoint,
      credentials: { accessKeyId: FAKE_CREDENTIALS.accessKeyId, secretAccessKey: 'not-the-secret' },
      maxAttempts: 1,
    });
    try {
      await expect(client.send(new DescribeDBInstancesCommand({}))).rejects.toMatchObject({
        name: 'SignatureDoesNotMatch',
        $metadata: { httpStatusCode: 403 },
      });
    } finally {
      client.destroy();
    }
  });

  it('answers an unknown action with 400 InvalidAction', async () => {
    const client = new RDSClient({ region: 'eu-west-1', endpoint, credentials: FAKE_CREDENTIALS, maxAttempts: 1 });
    try {
      await expect(
        client.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'orders-db' })),
      ).rejects.toMatchObject({
        name: 'InvalidAction',
        $metadata: { httpStatusCode: 400 },
      });
      expect(fake.instanceStatus('orders-db')).toBe('available');
    } finally {
      client.destroy();
    }
  });
});
