import type { StepConfig } from '../../config/schema';
import { backupStep } from './backup-step';
import { cleanupStep } from './cleanup-step';
import { execStep } from './exec-step';
import { housekeepingStep } from './housekeeping-step';
import { httpStep } from './http-step';
import { jobStep } from './job-step';
import { notifyStep } from './notify-step';
import { serviceStep } from './service-step';
import type { StepKind, StepKindName } from './step-kind';

/** Every step kind by its key in the workspace file: adding one is one file and one line here. */
export const stepKinds: Record<StepKindName, StepKind<never>> = {
  exec: execStep,
  http: httpStep,
  service: serviceStep,
  notify: notifyStep,
  job: jobStep,
  cleanup: cleanupStep,
  backup: backupStep,
  housekeeping: housekeepingStep,
};

/** The kind of a configured step (the schema guarantees exactly one). */
export function kindOf(step: StepConfig): StepKindName {
  return (Object.keys(stepKinds) as StepKindName[]).find((key) => step[key] !== undefined) as StepKindName;
}

/** The step's kind entry, ready to run with the step as its config. */
export function entryOf(step: StepConfig): StepKind<StepConfig> {
  return stepKinds[kindOf(step)];
}

export function stepName(step: StepConfig): string {
  return step.name ?? entryOf(step).describe(step);
}
