// The aws image (containers/Dockerfile, IMAGE=aws): the AWS RDS steps only.
import { main } from '../runtime/main.js';

void main({
  aws: () => import('../aws/index.js'),
});
