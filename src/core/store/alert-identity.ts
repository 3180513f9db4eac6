import { createHash } from 'node:crypto';
import type { Labels } from './labels';

/** A stable id for a label set (16 hex digits), the way Alertmanager names an alert. */
export function fingerprintOf(labels: Labels): string {
  const hash = createHash('sha256');
  for (const key of Object.keys(labels).sort()) hash.update(`${key}\u0000${labels[key] as string}\u0001`);
  return hash.digest('hex').slice(0, 16);
}

/** Labels sorted by name: stored and shown the same way every time. */
export function sortedLabels(labels: Labels): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(labels).sort()) out[key] = labels[key] as string;
  return out;
}

export const ALERT_NAME = 'alertname';
