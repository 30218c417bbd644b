export { actions } from './actions/index.js';
export { alertRoutes, automations, eventSources } from './automations/index.js';
export { composites } from './composites/index.js';
export { runbooks } from './runbooks/index.js';
export { schedules } from './schedules/index.js';
