export * from './amqp-event-source.js';
export * from './backoff.js';
export * from './calendar-event-source.js';
export * from './dead-letter.js';
export * from './evaluate.js';
export * from './event-bus.js';
export * from './event-source.js';
export * from './filters.js';
export * from './parameters.js';
export * from './resource-event-source.js';
export * from './sensor.js';
export * from './transform.js';
/** The upstream API types, as `v1alpha1.Trigger` etc. */
export type * as v1alpha1 from './types.js';
export * from './webhook-event-source.js';
export * from './workflow-trigger.js';
