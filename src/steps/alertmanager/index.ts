import type { StepDefinition } from '../runtime/step.js';
import { silenceCreate } from './silence-create.js';
import { silenceExpire } from './silence-expire.js';

/** The Alertmanager steps (`opsflow-step alertmanager <name>`), bundled into the notify image. */
export const steps: readonly StepDefinition[] = [silenceCreate, silenceExpire];
