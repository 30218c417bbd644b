/**
 * Checks a 5-field cron schedule (minute hour day-of-month month day-of-week) the way robfig/cron's standard parser,
 * used by the calendar EventSource, reads it. Returns the problems, empty when valid.
 */
interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  },
  { name: 'day of week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

export function cronProblems(schedule: string): string[] {
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== FIELDS.length) {
    return [`needs 5 fields (minute hour day-of-month month day-of-week), found ${fields.length}`];
  }
  return fields.flatMap((field, i) => fieldProblems(field, FIELDS[i]!));
}

function fieldProblems(field: string, spec: FieldSpec): string[] {
  return field.split(',').flatMap((part) => {
    const match = /^(\*|\?|[\w]+(?:-[\w]+)?)(?:\/(\d+))?$/.exec(part);
    if (!match) return [`${spec.name} field ${JSON.stringify(part)} is not a value, range, list or step`];
    const [, range, step] = match;
    if (step !== undefined && Number(step) < 1)
      return [`${spec.name} step must be at least 1 in ${JSON.stringify(part)}`];
    if (range === '*' || range === '?') return [];
    const bounds = range!.split('-').map((value) => toNumber(value, spec));
    if (bounds.some((value) => value === undefined)) {
      return [`${spec.name} ${JSON.stringify(part)} is outside ${spec.min}-${spec.max}`];
    }
    const [low, high = low] = bounds as number[];
    return low! > high! ? [`${spec.name} range ${JSON.stringify(part)} runs backwards`] : [];
  });
}

function toNumber(value: string, spec: FieldSpec): number | undefined {
  const named = spec.names?.indexOf(value.toLowerCase()) ?? -1;
  const number = named >= 0 ? named + spec.min : /^\d+$/.test(value) ? Number(value) : Number.NaN;
  return number >= spec.min && number <= spec.max ? number : undefined;
}
