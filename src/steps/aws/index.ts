import type { StepDefinition } from '../runtime/step.js';
import { elasticacheFlush } from './elasticache-flush.js';
import { rdsReboot } from './rds-reboot.js';
import { rdsSnapshot } from './rds-snapshot.js';
import { rdsStart } from './rds-start.js';
import { rdsStop } from './rds-stop.js';

/** The AWS steps (`opsflow-step aws <name>`), bundled into the aws image. */
export const steps: readonly StepDefinition[] = [rdsReboot, rdsStart, rdsStop, rdsSnapshot, elasticacheFlush];
