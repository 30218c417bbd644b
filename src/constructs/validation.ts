/** Validation messages shared by the constructs: `<field>: <problem> (got <value>)`. */
export function problem(field: string, message: string, value: unknown): string {
  return `${field}: ${message} (got ${JSON.stringify(value)})`;
}

/** RFC 1123 label (at most 63 characters besides): names of namespaces, Services, Secrets and most other objects. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The gjson paths filters and trigger parameters may use: keys, `\.`-escaped dots, indexes, `#`, wildcards. */
export const GJSON_PATH = /^[\w#*?\\-][\w.#*?\\-]*$/;

/** Names of EventSources, Sensors, events and dependencies: RFC 1123 labels, so they work as object names. */
export function checkDnsLabel(field: string, value: string): string[] {
  return DNS_LABEL.test(value) && value.length <= 63
    ? []
    : [problem(field, 'must be a lowercase RFC 1123 label (a-z, 0-9, "-", at most 63 characters)', value)];
}

/**
 * An IANA time zone the runtime knows (Go's `time.LoadLocation` reads the same database, and takes "UTC" without it:
 * go/src/time/zoneinfo.go). Canonical names are looked up in `Intl.supportedValuesOf('timeZone')` (2 ms, once); only
 * another name (an alias such as "US/Eastern", or no zone) is tried with `Intl.DateTimeFormat`, whose first use loads
 * the locale and zone data: 15 to 25 ms of a synth. Remembered per zone.
 */
export function isTimeZone(zone: string): boolean {
  let known = timeZones.get(zone);
  if (known === undefined) {
    canonicalZones ??= new Set(Intl.supportedValuesOf('timeZone'));
    known = zone === 'UTC' || canonicalZones.has(zone) || formatsIn(zone);
    timeZones.set(zone, known);
  }
  return known;
}

function formatsIn(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const timeZones = new Map<string, boolean>();
let canonicalZones: Set<string> | undefined;
