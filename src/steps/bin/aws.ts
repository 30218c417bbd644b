// The aws image (containers/aws): the AWS RDS steps only.
import { main } from '../runtime/main.js';

await main({
  aws: () => import('../aws/index.js'),
});
