// The aws image (containers/Dockerfile, IMAGE=aws): the AWS RDS steps only.
import { main } from '../runtime/main.js';

await main({
  aws: () => import('../aws/index.js'),
});
