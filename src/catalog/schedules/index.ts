import { nautobotDevicesResync } from '../actions/nautobot-devices-resync.js';
import { defineSchedule, type Schedule } from '../schedule.js';

/** Nightly full Ironic -> Nautobot resync: catches what a lost notification or a failed sync left behind. */
export const nautobotResync = defineSchedule({
  name: 'nautobot-resync',
  title: 'Nightly Ironic to Nautobot resync',
  description:
    'Resync every Ironic node and port to Nautobot (nautobot-devices-resync) at the site schedule ' +
    '(`site.schedules.nautobotResync`); a run still going when the next one is due makes Argo skip that one.',
  action: nautobotDevicesResync,
  when: (site) => site.schedules.nautobotResync,
});

/** Every schedule of the catalog; each becomes a CronWorkflow. */
export const schedules: readonly Schedule[] = [nautobotResync];
