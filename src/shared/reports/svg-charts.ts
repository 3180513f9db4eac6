/** Small charts as inline SVG strings: no script, no external file, and they print as drawn. */

export const escapeXml = (text: string): string => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Colours of UI.md: green good, yellow warning, red bad, grey no data. */
export const COLORS = { good: '#2f9e44', warn: '#f08c00', bad: '#e03131', none: '#ced4da', line: '#1c7ed6', grid: '#e9ecef', text: '#495057' } as const;

export function availabilityColor(availability: number | null, slo: number): string {
  if (availability === null) return COLORS.none;
  const percent = availability * 100;
  if (percent >= slo) return COLORS.good;
  // Within ten times the allowed failure: degraded; worse: red.
  return percent >= 100 - (100 - slo) * 10 ? COLORS.warn : COLORS.bad;
}

/** One square per day, coloured by that day's availability against the SLO (a heartbeat bar of days). */
export function dayStrip(days: readonly number[], values: ReadonlyMap<number, number>, slo: number, label: (day: number) => string): string {
  const size = 10;
  const gap = 2;
  const width = Math.max(1, days.length) * (size + gap);
  const cells = days
    .map((day, i) => {
      const value = values.get(day) ?? null;
      const title = `${label(day)}: ${value === null ? 'no checks' : `${(value * 100).toFixed(3)} %`}`;
      return `<rect x="${i * (size + gap)}" y="0" width="${size}" height="${size}" rx="2" fill="${availabilityColor(value, slo)}"><title>${escapeXml(title)}</title></rect>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${size}" viewBox="0 0 ${width} ${size}" role="img" aria-label="daily availability">${cells}</svg>`;
}

/** A horizontal bar of availability from `floor` to 100 %, with the SLO marked. */
export function availabilityBar(availability: number | null, slo: number, floor: number): string {
  const width = 160;
  const height = 12;
  const x = (percent: number): number => Math.max(0, Math.min(width, ((percent - floor) / (100 - floor)) * width));
  const bar =
    availability === null
      ? ''
      : `<rect x="0" y="1" width="${x(availability * 100).toFixed(1)}" height="${height - 2}" rx="2" fill="${availabilityColor(availability, slo)}"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="availability against the SLO"><rect x="0" y="1" width="${width}" height="${height - 2}" rx="2" fill="${COLORS.grid}"/>${bar}<line x1="${x(slo).toFixed(1)}" x2="${x(slo).toFixed(1)}" y1="0" y2="${height}" stroke="#212529" stroke-width="1.5"/></svg>`;
}

/** A line chart of daily points with a y axis of three ticks and day labels at both ends. */
export function lineChart(
  points: readonly { day: number; value: number }[],
  options: { title: string; unit: string; format: (value: number) => string; dayLabel: (day: number) => string; yMax?: number },
): string {
  const width = 320;
  const height = 120;
  const left = 44;
  const bottom = 18;
  const top = 16;
  if (points.length === 0)
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><text x="${width / 2}" y="${height / 2}" text-anchor="middle" font-size="11" fill="${COLORS.text}">${escapeXml(options.title)}: no data</text></svg>`;
  const xs = points.map((point) => point.day);
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const maxY = options.yMax ?? (Math.max(...points.map((point) => point.value)) * 1.1 || 1);
  const px = (day: number): number => left + (maxX === minX ? (width - left - 8) / 2 : ((day - minX) / (maxX - minX)) * (width - left - 8));
  const py = (value: number): number => top + (1 - value / maxY) * (height - top - bottom);
  const ticks = [0, maxY / 2, maxY]
    .map(
      (value) =>
        `<line x1="${left}" x2="${width - 8}" y1="${py(value).toFixed(1)}" y2="${py(value).toFixed(1)}" stroke="${COLORS.grid}"/><text x="${left - 4}" y="${(py(value) + 3).toFixed(1)}" text-anchor="end" font-size="9" fill="${COLORS.text}">${escapeXml(options.format(value))}</text>`,
    )
    .join('');
  const path = points.map((point, i) => `${i === 0 ? 'M' : 'L'}${px(point.day).toFixed(1)},${py(point.value).toFixed(1)}`).join(' ');
  const dots =
    points.length <= 40
      ? points
          .map(
            (point) =>
              `<circle cx="${px(point.day).toFixed(1)}" cy="${py(point.value).toFixed(1)}" r="2" fill="${COLORS.line}"><title>${escapeXml(`${options.dayLabel(point.day)}: ${options.format(point.value)}`)}</title></circle>`,
          )
          .join('')
      : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(options.title)}">` +
    `<text x="${left}" y="11" font-size="11" font-weight="600" fill="#212529">${escapeXml(options.title)}</text>${ticks}` +
    `<path d="${path}" fill="none" stroke="${COLORS.line}" stroke-width="1.5"/>${dots}` +
    `<text x="${left}" y="${height - 4}" font-size="9" fill="${COLORS.text}">${escapeXml(options.dayLabel(minX))}</text>` +
    `<text x="${width - 8}" y="${height - 4}" text-anchor="end" font-size="9" fill="${COLORS.text}">${escapeXml(options.dayLabel(maxX))}</text></svg>`
  );
}
