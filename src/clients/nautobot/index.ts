export { NautobotClient, type NautobotClientOptions, NautobotValidationError, type Query } from './client.js';
export * from './models.js';
export { type PageParser, startPageParser } from './page-parser.js';
export { buildItems, type Projection, projectItems, projectPage } from './projection.js';
