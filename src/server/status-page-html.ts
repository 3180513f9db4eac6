import { percent } from '../shared/reports/report-format';
import { COLORS, escapeXml as esc } from '../shared/reports/svg-charts';
import type { PublicHeartbeat, PublicServiceState, PublicStatusNote, PublicStatusPage, StatusNoteImpact, StatusNoteState } from '../shared/types/status-page';

/** The page reloads itself this often (a meta refresh: no script runs on the page). */
export const STATUS_PAGE_REFRESH_SECONDS = 60;

const STATE_WORDS: Record<PublicServiceState, string> = { operational: 'Operational', degraded: 'Degraded', down: 'Down', unknown: 'No data' };
const STATE_COLORS: Record<PublicServiceState, string> = { operational: COLORS.good, degraded: COLORS.warn, down: COLORS.bad, unknown: '#868e96' };
const HEADLINES: Record<PublicServiceState, string> = {
  operational: 'All systems operational',
  degraded: 'Some systems are degraded',
  down: 'Some systems are down',
  unknown: 'No data yet',
};
const IMPACT_WORDS: Record<StatusNoteImpact, string> = { none: 'Notice', minor: 'Minor', major: 'Major', maintenance: 'Maintenance' };
const IMPACT_COLORS: Record<StatusNoteImpact, string> = { none: '#1c7ed6', minor: COLORS.warn, major: COLORS.bad, maintenance: '#7048e8' };
const NOTE_STATE_WORDS: Record<StatusNoteState, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

const STYLE = `
  :root { color-scheme: light dark; --fg: #212529; --muted: #6c757d; --bg: #f8f9fa; --card: #fff; --line: #dee2e6; --empty: ${COLORS.none}; }
  @media (prefers-color-scheme: dark) { :root { --fg: #e9ecef; --muted: #adb5bd; --bg: #1a1b1e; --card: #25262b; --line: #373a40; --empty: #495057; } }
  * { box-sizing: border-box; }
  body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); margin: 0; }
  main { max-width: 860px; margin: 0 auto; padding: 32px 16px 48px; }
  h1 { font-size: 28px; margin: 0 0 4px; overflow-wrap: anywhere; }
  .description { color: var(--muted); margin: 0 0 20px; white-space: pre-line; overflow-wrap: anywhere; }
  .headline { display: flex; align-items: center; gap: 10px; color: #fff; border-radius: 10px; padding: 14px 18px; font-size: 18px; font-weight: 600; margin: 16px 0 24px; }
  .card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 4px 18px; margin-bottom: 24px; }
  h2 { font-size: 17px; margin: 28px 0 10px; }
  .service { padding: 14px 0; border-bottom: 1px solid var(--line); }
  .service:last-child { border-bottom: 0; }
  .service-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 12px; margin-bottom: 8px; }
  .name { font-weight: 600; flex: 1 1 auto; min-width: 0; overflow-wrap: anywhere; }
  .uptime { color: var(--muted); font-size: 13px; font-variant-numeric: tabular-nums; white-space: nowrap; }
  .badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; color: #fff; white-space: nowrap; }
  .beats { display: flex; justify-content: flex-end; gap: 3px; height: 26px; align-items: stretch; }
  .beat { flex: 1 1 0; max-width: 10px; min-width: 3px; border-radius: 3px; background: var(--empty); }
  .beat.up { background: ${COLORS.good}; } .beat.pending { background: ${COLORS.warn}; } .beat.down { background: ${COLORS.bad}; }
  .beats-legend { display: flex; justify-content: space-between; color: var(--muted); font-size: 12px; margin-top: 4px; }
  .note { padding: 14px 0; border-bottom: 1px solid var(--line); }
  .note:last-child { border-bottom: 0; }
  .note h3 { font-size: 16px; margin: 0 0 6px; display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; overflow-wrap: anywhere; }
  .update { margin: 8px 0 0; }
  .update p { margin: 2px 0 0; white-space: pre-line; overflow-wrap: anywhere; }
  .when { color: var(--muted); font-size: 13px; }
  .empty { color: var(--muted); padding: 14px 0; margin: 0; }
  footer { color: var(--muted); font-size: 13px; text-align: center; margin-top: 32px; }
  @media (max-width: 600px) {
    main { padding: 20px 12px 32px; }
    h1 { font-size: 23px; }
    .headline { font-size: 16px; }
    .beat:nth-last-child(n + 31) { display: none; }
  }
`;

/**
 * The public status page as one self-contained HTML document: inline CSS, no script, nothing
 * fetched. Every text from the workspace or a note is escaped; only the fields of
 * PublicStatusPage are read, so nothing else about the services can appear.
 */
export function renderStatusPage(page: PublicStatusPage): string {
  const title = esc(page.title);
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="refresh" content="${STATUS_PAGE_REFRESH_SECONDS}">`,
    '<meta name="robots" content="noindex">',
    `<title>${title}</title><style>${STYLE}</style></head><body><main>`,
    `<h1>${title}</h1>`,
    page.description === null ? '' : `<p class="description">${esc(page.description)}</p>`,
    `<div class="headline" style="background:${STATE_COLORS[page.overall]}" role="status">${esc(HEADLINES[page.overall])}</div>`,
    page.notes.length === 0 ? '' : `<h2>Incidents</h2><section class="card">${page.notes.map(renderNote).join('')}</section>`,
    `<h2>Services</h2><section class="card">${page.services.length === 0 ? '<p class="empty">No services are shown.</p>' : page.services.map(renderService).join('')}</section>`,
    `<footer>Updated ${timeTag(page.generatedAt)} · this page refreshes every ${STATUS_PAGE_REFRESH_SECONDS} s</footer>`,
    '</main></body></html>',
  ].join('');
}

function renderService(service: PublicStatusPage['services'][number]): string {
  const beats = service.beats.map(
    (beat) =>
      // Colour by class and a short tooltip: a page of 50 services carries 2,500 of these.
      `<i class="beat ${beat.status}" title="${esc(beatTitle(beat))}"></i>`,
  );
  return [
    '<div class="service"><div class="service-head">',
    `<span class="name">${esc(service.name)}</span>`,
    `<span class="uptime" title="availability over the last 24 hours and 30 days">24 h ${esc(percent(service.availability['24h'], 2))} · 30 d ${esc(percent(service.availability['30d'], 2))}</span>`,
    `<span class="badge" style="background:${STATE_COLORS[service.state]}">${STATE_WORDS[service.state]}</span>`,
    '</div>',
    `<div class="beats" role="img" aria-label="${service.beats.length === 0 ? 'no checks yet' : `the last ${service.beats.length} checks`}">${beats.join('')}</div>`,
    `<div class="beats-legend"><span>${service.beats.length === 0 ? 'no checks yet' : 'older'}</span><span>${service.beats.length === 0 ? '' : 'now'}</span></div>`,
    '</div>',
  ].join('');
}

function renderNote(note: PublicStatusNote): string {
  const updates = note.updates.map(
    (update) =>
      `<div class="update"><span class="when"><b>${NOTE_STATE_WORDS[update.state]}</b> · ${timeTag(update.at)}</span><p>${esc(update.body)}</p></div>`,
  );
  return [
    '<article class="note"><h3>',
    `<span>${esc(note.title)}</span>`,
    `<span class="badge" style="background:${note.state === 'resolved' ? COLORS.good : IMPACT_COLORS[note.impact]}">${note.state === 'resolved' ? 'Resolved' : IMPACT_WORDS[note.impact]}</span>`,
    `</h3>${updates.join('')}</article>`,
  ].join('');
}

/** "12-05 04:23 up 12 ms": the status in words, never by colour alone. */
function beatTitle(beat: PublicHeartbeat): string {
  return `${new Date(beat.at).toISOString().slice(5, 16).replace('T', ' ')} ${beat.status}${beat.latencyMs === null ? '' : ` ${Math.round(beat.latencyMs)} ms`}`;
}

function utc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function timeTag(ms: number): string {
  return `<time datetime="${new Date(ms).toISOString()}">${utc(ms)}</time>`;
}

/** The answer for a slug with no page: a plain page that says only that. */
export function renderNoStatusPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Not found</title><style>${STYLE}</style></head><body><main><h1>Not found</h1><p class="description">There is no status page here.</p></main></body></html>`;
}
