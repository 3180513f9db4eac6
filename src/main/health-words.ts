import type { HealthSummary } from '../shared/types/app';

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The counts behind a health level in words: "2 services down · 3 firing alerts". */
export function healthLine(health: HealthSummary | null): string {
  if (health === null) return 'starting…';
  const parts: string[] = [];
  if (health.down > 0) parts.push(`${plural(health.down, 'service')} down`);
  if (health.pending > 0) parts.push(`${health.pending} pending`);
  parts.push(plural(health.firing, 'firing alert'));
  return parts.join(' · ');
}
