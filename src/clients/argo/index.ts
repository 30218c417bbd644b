export {
  ArgoClient,
  type ArgoClientOptions,
  type LogEntry,
  type NodeStatus,
  type Parameter,
  type UserInfo,
  type Workflow,
  type WorkflowTemplate,
  type WorkflowWatchEvent,
} from './client.js';
export { ndjsonResults } from './ndjson.js';
