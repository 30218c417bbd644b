export { NautobotClient, type NautobotClientOptions, NautobotValidationError, type Query } from './client.js';
export * from './models.js';
