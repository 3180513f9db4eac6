import { budgetWords, day, number, percent, span, statusWord, summaryLines, trendWords, when } from './report-format';
import type { Report } from './report-schema';
import { COLORS, availabilityBar, availabilityColor, dayStrip, escapeXml as esc, lineChart } from './svg-charts';

const DAY_MS = 86_400_000;

const STYLE = `
  :root { color-scheme: light; }
  body { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #212529; margin: 24px auto; max-width: 1100px; padding: 0 16px; }
  h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 28px 0 8px; border-bottom: 1px solid #dee2e6; padding-bottom: 4px; }
  .muted { color: #868e96; } .summary { margin: 12px 0; padding: 10px 14px; background: #f8f9fa; border-left: 4px solid ${COLORS.line}; }
  .summary p { margin: 2px 0; }
  .cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; }
  .card { border: 1px solid #dee2e6; border-radius: 8px; padding: 8px 12px; min-width: 130px; }
  .card b { display: block; font-size: 18px; } .card span { color: #868e96; font-size: 11px; text-transform: uppercase; letter-spacing: .04em; }
  table { border-collapse: collapse; width: 100%; font-size: 12px; } th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e9ecef; vertical-align: middle; }
  th { background: #f1f3f5; font-weight: 600; } th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  .badge { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 11px; font-weight: 600; color: #fff; }
  code { font: 11px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f1f3f5; padding: 1px 4px; border-radius: 3px; }
  .charts { display: flex; flex-wrap: wrap; gap: 16px; }
  section, tr, .card, svg { break-inside: avoid; page-break-inside: avoid; }
  @media print { body { margin: 0; max-width: none; font-size: 11px; } h2 { break-after: avoid; } a { color: inherit; text-decoration: none; } }
  @page { size: A4; margin: 14mm; }
`;

/**
 * The report as one self-contained HTML file: inline CSS and SVG charts, no script and nothing
 * fetched, so it opens anywhere, mails as an attachment and prints to PDF as it looks.
 */
export function renderHtml(report: Report): string {
  const offset = report.period.utcOffsetMinutes;
  const title = `Service report: ${report.workspace.name}, ${report.period.label}`;
  const head = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style></head><body>`;
  const summary = report.summary;
  const parts: string[] = [
    head,
    `<h1>${esc(title)}</h1>`,
    `<div class="muted">${esc(when(report.period.start, offset))} to ${esc(when(report.period.end, offset))} · generated ${esc(when(report.generatedAt, offset))}</div>`,
    `<div class="summary">${summaryLines(report)
      .slice(1)
      .map((line) => `<p>${esc(line)}</p>`)
      .join('')}</div>`,
  ];
  if (report.empty) {
    parts.push('<p><b>Nothing was recorded in this period.</b></p></body></html>');
    return parts.join('');
  }
  const card = (value: string, label: string, color?: string): string =>
    `<div class="card"><b${color === undefined ? '' : ` style="color:${color}"`}>${esc(value)}</b><span>${esc(label)}</span></div>`;
  parts.push(
    '<div class="cards">',
    card(percent(summary.availability), 'availability'),
    card(`${summary.meetingSlo} / ${summary.meetingSlo + summary.breachingSlo}`, 'services meeting SLO', summary.breachingSlo > 0 ? COLORS.bad : COLORS.good),
    card(String(summary.incidents), 'incidents', summary.incidents > 0 ? COLORS.warn : undefined),
    card(span(summary.meanTimeToAcknowledgeMs), 'mean time to acknowledge'),
    card(span(summary.meanTimeToResolveMs), 'mean time to resolve'),
    card(String(summary.restarts), 'restarts'),
    card(String(summary.givenUp), 'given up', summary.givenUp > 0 ? COLORS.bad : undefined),
    '</div>',
  );

  // Availability: a bar against the SLO and a square per day.
  const firstDay = Math.floor((report.period.start + offset * 60_000) / DAY_MS) * DAY_MS - offset * 60_000;
  const days: number[] = [];
  for (let at = firstDay; at < report.period.end; at += DAY_MS) days.push(at);
  const floor = Math.max(
    0,
    Math.min(99, ...report.services.map((service) => Math.floor((service.availability ?? 1) * 100) - 1), ...report.services.map((service) => service.slo - 1)),
  );
  parts.push(
    '<section><h2>Availability against the SLO</h2>',
    `<p class="muted">Passed checks of each service's probes. The bar runs from ${floor} % to 100 %; the black mark is the SLO. One square per day: green at or above the SLO, amber within ten times the allowed failures, red below, grey without checks.</p>`,
    '<table><thead><tr><th>Service</th><th class="num">Availability</th><th class="num">SLO</th><th></th><th>Status</th><th>Error budget</th><th>Daily</th><th class="num">Restarts</th><th class="num">Latency avg</th></tr></thead><tbody>',
    ...report.services.map((service) => {
      const color = availabilityColor(service.availability, service.slo);
      const daily = new Map(service.daily.map((point) => [point.day, point.availability]));
      return `<tr><td><b>${esc(service.name)}</b></td><td class="num">${esc(percent(service.availability))}</td><td class="num">${service.slo} %</td><td>${availabilityBar(service.availability, service.slo, floor)}</td><td><span class="badge" style="background:${color}">${esc(statusWord(service))}</span></td><td>${esc(budgetWords(service))}</td><td>${dayStrip(days, daily, service.slo, (at) => day(at, offset))}</td><td class="num">${service.restarts}${service.givenUp > 0 ? ` <span class="badge" style="background:${COLORS.bad}">gave up</span>` : ''}</td><td class="num">${esc(number(service.latencyMs.avg, 'ms'))}</td></tr>`;
    }),
    '</tbody></table></section>',
  );

  parts.push('<section><h2>Incidents</h2>');
  if (report.incidents.length === 0) parts.push('<p>No alert fired.</p>');
  else
    parts.push(
      '<table><thead><tr><th>Alert</th><th>Labels</th><th>Fired</th><th>Acknowledged</th><th>Resolved</th><th class="num">To acknowledge</th><th class="num">To resolve</th></tr></thead><tbody>',
      ...report.incidents.map((incident) => {
        const labels = Object.entries(incident.labels)
          .filter(([key]) => key !== 'alertname')
          .map(([key, value]) => `${key}=${value}`)
          .join(', ');
        return `<tr><td><b>${esc(incident.alertname)}</b></td><td>${labels === '' ? '–' : `<code>${esc(labels)}</code>`}</td><td>${esc(when(incident.firedAt, offset))}</td><td>${incident.acknowledgedAt === null ? '–' : `${esc(when(incident.acknowledgedAt, offset))}${incident.acknowledgedBy === null ? '' : ` by ${esc(incident.acknowledgedBy)}`}`}</td><td>${incident.resolvedAt === null ? '<b>still firing</b>' : esc(when(incident.resolvedAt, offset))}</td><td class="num">${esc(span(incident.timeToAcknowledgeMs))}</td><td class="num">${esc(span(incident.timeToResolveMs))}</td></tr>`;
      }),
      '</tbody></table>',
    );
  parts.push('</section><section><h2>Restarts and given-up services</h2>');
  const events = [...report.givenUp.map((event) => ({ ...event, what: 'gave up' })), ...report.restarts.map((event) => ({ ...event, what: 'restart' }))].sort(
    (a, b) => b.at - a.at,
  );
  if (events.length === 0) parts.push('<p>No restarts.</p>');
  else
    parts.push(
      '<table><thead><tr><th>When</th><th>Service</th><th>What</th><th>By</th><th>Outcome</th><th>Message</th></tr></thead><tbody>',
      ...events
        .slice(0, 50)
        .map(
          (event) =>
            `<tr><td>${esc(when(event.at, offset))}</td><td>${esc(event.service)}</td><td>${event.what === 'gave up' ? `<span class="badge" style="background:${COLORS.bad}">gave up</span>` : 'restart'}</td><td>${esc(event.actor)}</td><td>${esc(event.outcome)}</td><td>${esc(event.message ?? '')}</td></tr>`,
        ),
      '</tbody></table>',
      events.length > 50 ? `<p class="muted">and ${events.length - 50} more</p>` : '',
    );
  parts.push('</section><section><h2>Error log patterns</h2>');
  if (report.logs.topErrorPatterns.length === 0) parts.push('<p>No error lines.</p>');
  else
    parts.push(
      '<table><thead><tr><th>Service</th><th class="num">Lines</th><th>Pattern</th></tr></thead><tbody>',
      ...report.logs.topErrorPatterns.map(
        (pattern) => `<tr><td>${esc(pattern.service)}</td><td class="num">${pattern.lines}</td><td><code>${esc(pattern.template)}</code></td></tr>`,
      ),
      '</tbody></table>',
    );
  if (report.logs.newPatterns.length > 0)
    parts.push(
      '<p><b>New in the period</b></p><table><thead><tr><th>Service</th><th>Level</th><th>First seen</th><th>Pattern</th></tr></thead><tbody>',
      ...report.logs.newPatterns.map(
        (pattern) =>
          `<tr><td>${esc(pattern.service)}</td><td>${esc(pattern.level)}</td><td>${esc(when(pattern.firstSeen, offset))}</td><td><code>${esc(pattern.template)}</code></td></tr>`,
      ),
      '</tbody></table>',
    );
  parts.push('</section><section><h2>Resources</h2><div class="charts">');
  for (const resource of report.machine.resources) {
    const trend = trendWords(resource.trend, resource.unit);
    parts.push(
      lineChart(resource.daily, {
        title: `machine ${resource.name} (daily average)${trend === '–' ? '' : ` ${trend}`}`,
        unit: resource.unit,
        format: (value) => number(value, resource.unit, 0),
        dayLabel: (at) => day(at, offset),
        yMax: resource.unit === '%' ? 100 : undefined,
      }),
    );
  }
  parts.push('</div>');
  if (report.machine.disks.length > 0)
    parts.push(
      '<table><thead><tr><th>Disk</th><th class="num">Used</th><th class="num">Growth</th><th class="num">Full in</th></tr></thead><tbody>',
      ...report.machine.disks.map(
        (disk) =>
          `<tr><td>${esc(disk.mountpoint)}</td><td class="num">${esc(number(disk.usedPercent, '%'))}</td><td class="num">${disk.perDay === null ? '–' : `${disk.perDay >= 0 ? '+' : ''}${disk.perDay.toFixed(2)} %/day`}</td><td class="num">${disk.daysUntilFull === null ? 'not filling' : `${Math.round(disk.daysUntilFull)} days`}</td></tr>`,
      ),
      '</tbody></table>',
    );
  const busy = report.services.filter((service) => service.cpuPercent.avg !== null || service.memoryBytes.avg !== null);
  if (busy.length > 0)
    parts.push(
      '<table style="margin-top:12px"><thead><tr><th>Service</th><th class="num">CPU avg</th><th class="num">CPU peak</th><th>CPU trend</th><th class="num">Memory avg</th><th class="num">Memory peak</th><th>Memory trend</th></tr></thead><tbody>',
      ...busy.map(
        (service) =>
          `<tr><td>${esc(service.name)}</td><td class="num">${esc(number(service.cpuPercent.avg, '%'))}</td><td class="num">${esc(number(service.cpuPercent.max, '%'))}</td><td>${esc(trendWords(service.cpuPercent.trend, '%'))}</td><td class="num">${esc(number(service.memoryBytes.avg, 'B'))}</td><td class="num">${esc(number(service.memoryBytes.max, 'B'))}</td><td>${esc(trendWords(service.memoryBytes.trend, 'B'))}</td></tr>`,
      ),
      '</tbody></table>',
    );
  parts.push('</section>');
  if (report.notes.length > 0) parts.push('<section><h2>Notes</h2><ul>', ...report.notes.map((note) => `<li>${esc(note)}</li>`), '</ul></section>');
  parts.push(`<p class="muted">Generated by Zervigo from its hourly rollups, the alert history and the audit log.</p></body></html>`);
  return parts.join('');
}
