import type { Construct } from 'constructs';
import { cronProblems } from '../cron.js';
import { isTimeZone, problem } from '../validation.js';
import { EventSource, type EventSourceProps, type EventSourceType } from './event-source.js';
import type { CalendarEventSource as CalendarSpec } from './types.js';

export interface CalendarEventOptions {
  /** 5-field cron: minute hour day-of-month month day-of-week (no `@daily` or `@every`: upstream rejects them). */
  readonly schedule: string;
  /**
   * IANA time zone the schedule is read in.
   * @default 'UTC'
   */
  readonly timezone?: string;
}

export interface CalendarEventSourceProps<Events extends string> extends EventSourceProps {
  readonly events: Readonly<Record<Events, CalendarEventOptions>>;
}

/** A calendar EventSource: one event per schedule. */
export class CalendarEventSource<Events extends string> extends EventSource<Events, CalendarEventOptions> {
  readonly type: EventSourceType = 'calendar';

  constructor(scope: Construct, id: string, props: CalendarEventSourceProps<Events>) {
    super(scope, id, props);
    this.addEvents(props.events);
  }

  protected renderEvent(_name: string, options: CalendarEventOptions): CalendarSpec {
    return { schedule: options.schedule, timezone: options.timezone ?? 'UTC' };
  }

  protected validateEvent(name: string, options: CalendarEventOptions): string[] {
    const errors = cronProblems(options.schedule).map((message) =>
      problem(this.field(name, 'schedule'), message, options.schedule),
    );
    const timezone = options.timezone ?? 'UTC';
    if (!isTimeZone(timezone)) {
      errors.push(problem(this.field(name, 'timezone'), 'must be an IANA time zone such as "Europe/Paris"', timezone));
    }
    return errors;
  }
}
