import type { PodTemplate } from './types.js';

/**
 * The pod settings of every EventSource and Sensor deployment. The argo-events image is `FROM scratch` without a
 * USER, so it would run as root: run it as 9731, the uid upstream's own controller manifest uses.
 */
export function securePodTemplate(serviceAccountName?: string): PodTemplate {
  return {
    ...(serviceAccountName ? { serviceAccountName } : {}),
    securityContext: { runAsNonRoot: true, runAsUser: 9731, seccompProfile: { type: 'RuntimeDefault' } },
  };
}
