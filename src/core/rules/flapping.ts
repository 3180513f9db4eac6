/**
 * Flap detection with hysteresis: an alert flaps when it changed state more than `changes`
 * times within `withinMs`, and stops flapping only once the changes in that window drop to
 * half of that, so it does not flip in and out of flapping on every change.
 */
export interface FlapPolicy {
  changes: number;
  withinMs: number;
}

export function recordChange(changes: readonly number[], at: number, policy: FlapPolicy | null): number[] {
  const horizon = at - (policy?.withinMs ?? 0);
  return [...changes.filter((time) => time > horizon), at];
}

export function isFlapping(changes: readonly number[], at: number, wasFlapping: boolean, policy: FlapPolicy | null): boolean {
  if (policy === null) return false;
  const recent = changes.filter((time) => time > at - policy.withinMs).length;
  if (wasFlapping) return recent > Math.floor(policy.changes / 2);
  return recent > policy.changes;
}
