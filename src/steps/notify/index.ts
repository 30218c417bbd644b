import type { StepDefinition } from '../runtime/step.js';
import { runbookReport } from './runbook-report.js';
import { notifySend } from './send.js';

/** The notification steps (`opsflow-step notify <name>`), bundled into the notify image. */
export const steps: readonly StepDefinition[] = [notifySend, runbookReport];
