export {
  type GraphQLListing,
  NautobotClient,
  type NautobotClientOptions,
  NautobotGraphQLError,
  NautobotValidationError,
  type Query,
} from './client.js';
export * from './models.js';
