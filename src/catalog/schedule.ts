import type { z } from 'zod';
import type { InputObject } from '../steps/runtime/step.js';
import type { Action } from './action.js';
import type { SiteConfig } from './site.js';

/**
 * A schedule: the action run as a CronWorkflow of the same name. Runs never overlap (`concurrencyPolicy: Forbid`):
 * a run still going when the next is due makes Argo skip that one.
 */
export interface Schedule<Schema extends InputObject = InputObject> {
  /** RFC 1123 label; the CronWorkflow's name. */
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly action: Action<Schema>;
  /** The site's cron expression and time zone for it (`site.schedules.<...>`). */
  readonly when: (site: SiteConfig) => { readonly schedule: string; readonly timezone: string };
  /** Values of the action's parameters (its defaults otherwise), by input field name. */
  readonly arguments?: { readonly [Key in keyof z.core.input<Schema>]?: string | number | boolean };
}

/** Identity helper that checks `arguments` against the action's input schema. */
export function defineSchedule<Schema extends InputObject>(schedule: Schedule<Schema>): Schedule<Schema> {
  return schedule;
}
