export {
  AlertmanagerClient,
  type AlertmanagerClientOptions,
  type PostableSilence,
  type Silence,
  type SilenceState,
} from './client.js';
export { type Matcher, matcherText } from './matchers.js';
