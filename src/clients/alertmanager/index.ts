export {
  AlertmanagerClient,
  type AlertmanagerClientOptions,
  type Matcher,
  matcherText,
  type PostableSilence,
  type Silence,
  type SilenceState,
} from './client.js';
