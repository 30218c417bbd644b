import { defineAlertRoute, fromLabel } from '../alert-route.js';
import { kubePodCrashLooping } from '../runbooks/kube-pod-crash-looping.js';
import { novaHypervisorDown } from '../runbooks/openstack-hypervisor-down.js';

/** A cluster or namespace name as the alert labels carry it: an RFC 1123 label (no dots), as the runbook accepts. */
const DNS_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
/** A compute host as Nova names it, bounded as the runbook's `host` parameter is (src/steps/openstack/inputs.ts). */
const COMPUTE_HOST = '[A-Za-z0-9][A-Za-z0-9._-]{0,254}';

/**
 * `KubePodCrashLooping` firing (kube-prometheus): the crash-loop runbook for the alert's pod, one run per firing
 * alert, so two pods crash-looping in one notification are two runs. The runbook changes nothing before an approver
 * decides (src/catalog/runbook.ts), so a re-sent alert (run once) or a still-firing one asks again at most per alert.
 */
export const podCrashLoopRunbook = defineAlertRoute({
  name: 'pod-crashloop-runbook',
  description: 'Diagnose a crash-looping pod and remediate on approval (KubePodCrashLooping firing).',
  alertname: kubePodCrashLooping.alert.name,
  template: kubePodCrashLooping.name,
  parameters: {
    cluster: fromLabel('cluster', DNS_LABEL),
    namespace: fromLabel('namespace', DNS_LABEL),
    pod: fromLabel('pod'),
  },
});

/** `NovaHypervisorDown` firing: the hypervisor-down runbook for the alert's `host` (maintenance on approval). */
export const hypervisorDownRunbook = defineAlertRoute({
  name: 'hypervisor-down-runbook',
  description: 'Diagnose a down Nova hypervisor and put it in maintenance on approval (NovaHypervisorDown firing).',
  alertname: novaHypervisorDown.alert.name,
  template: novaHypervisorDown.name,
  parameters: { host: fromLabel('host', COMPUTE_HOST) },
});
