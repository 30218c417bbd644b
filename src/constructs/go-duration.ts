/** Seconds per unit of Go's `time.ParseDuration`. */
const UNIT_SECONDS: Readonly<Record<string, number>> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

/**
 * Go's `time.ParseDuration` for the non-negative durations Argo takes ("1s", "1m30s", "500ms", "0"), in seconds;
 * undefined for anything else. Argo Events and Argo Workflows each read bare numbers their own way: callers decide.
 */
export function goDurationSeconds(text: string): number | undefined {
  if (text === '0') return 0;
  const parts = [...text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text) return undefined;
  return parts.reduce((sum, [, value, unit]) => sum + Number(value) * UNIT_SECONDS[unit!]!, 0);
}
