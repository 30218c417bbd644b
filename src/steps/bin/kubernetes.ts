// The kubernetes image (containers/Dockerfile, IMAGE=kubernetes): the Kubernetes/OpenShift steps only.
import { main } from '../runtime/main.js';

void main({
  kubernetes: () => import('../kubernetes/index.js'),
});
