/**
 * Runs the fake RDS as its own process, for checks outside jest (CI running the built aws bundle with plain node):
 *
 *   node --import tsx test/fakes/aws/serve.ts orders-db:available:multi-az reports-db:stopped &  # kill $! to stop
 *   # prints one line: AWS_ENDPOINT_URL_RDS=http://127.0.0.1:<port>
 *   AWS_REGION=eu-west-1 AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY \
 *     AWS_ENDPOINT_URL_RDS=... node dist/aws/opsflow-step.js aws rds-reboot --instance orders-db --dry-run
 *
 * Each argument is `<instance>[:<status>][:multi-az]`. Listens on 127.0.0.1 only; stops on SIGTERM or SIGINT.
 */
import { FakeRds } from './fake-rds.js';

const fake = new FakeRds({ pollsToSettle: 1 });
for (const spec of process.argv.slice(2)) {
  const [id = '', status = 'available', az] = spec.split(':');
  if (!/^[a-z][a-z0-9-]*$/.test(id) || (az !== undefined && az !== 'multi-az')) {
    throw new Error(`expected <instance>[:<status>][:multi-az], got ${JSON.stringify(spec)}`);
  }
  fake.addInstance({ id, status, multiAZ: az === 'multi-az' });
}
const endpoint = await fake.start();
process.stdout.write(`AWS_ENDPOINT_URL_RDS=${endpoint}\n`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void fake.stop().then(() => process.exit(0));
  });
}
