import type { HealthLevel, HealthSummary } from '../../../shared/types/app';

const levelHex: Record<HealthLevel, string> = {
  ok: '#2f9e44',
  warning: '#f08c00',
  critical: '#e03131',
  unknown: '#868e96',
};

/** A round favicon in the colour of the worst state, so a background tab still tells. */
export function healthFaviconUrl(level: HealthLevel): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="13" fill="${levelHex[level]}"/><circle cx="16" cy="16" r="5" fill="#fff"/></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/** "2 down · 1 firing — shop — Zervigo"; just "shop — Zervigo" when nothing needs a person. */
export function documentTitle(health: HealthSummary | null, workspace: string | null): string {
  const parts: string[] = [];
  if (health !== null && health.down > 0) parts.push(`${health.down} down`);
  if (health !== null && health.firing > 0) parts.push(`${health.firing} firing`);
  const alarm = parts.length > 0 ? `${parts.join(' · ')} — ` : '';
  return `${alarm}${workspace === null ? '' : `${workspace} — `}Zervigo`;
}
