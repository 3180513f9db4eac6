'use strict';
/**
 * SLO burn-rate analyser: the multiwindow, multi-burn-rate alerts of the Google SRE workbook
 * ("Alerting on SLOs", approach 6). For each group of series (by default each service's
 * probe_success), the share of failed checks over a long and a short window is divided by the
 * error budget (1 - objective): that is the burn rate, how many times faster than sustainable the
 * budget goes. A window pair fires when both burn rates reach its threshold: the long window says
 * enough budget went, the short one that it is still going (so the finding ends soon after a fix).
 * Runs in a process of its own under Zervigo.
 */

/** The workbook's recommendation for a 30-day SLO: 2 % of the budget in 1 h, 5 % in 6 h page; 10 % in 3 d is a ticket. */
const DEFAULT_WINDOWS = [
  { long: '1h', short: '5m', burn_rate: 14.4, severity: 'critical' },
  { long: '6h', short: '30m', burn_rate: 6, severity: 'critical' },
  { long: '3d', short: '6h', burn_rate: 1, severity: 'warning' },
];

const UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

function parseDuration(text) {
  const parts = [...String(text).matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== String(text)) throw new Error(`"${text}" is not a duration (like 5m, 1h, 3d)`);
  return parts.reduce((total, part) => total + Number(part[1]) * UNITS[part[2]], 0);
}

function formatDuration(ms) {
  if (ms >= 2 * 86_400_000) return `${round(ms / 86_400_000)} d`;
  if (ms >= 2 * 3_600_000) return `${round(ms / 3_600_000)} h`;
  return `${Math.max(1, Math.round(ms / 60_000))} min`;
}

function round(value) {
  return value >= 10 ? Math.round(value).toString() : (Math.round(value * 10) / 10).toString();
}

function percent(ratio) {
  const value = ratio * 100;
  return `${value >= 10 || value === 0 ? Math.round(value) : value.toPrecision(2)}%`;
}

/**
 * The share of failed checks within (to - windowMs, to], or null with fewer than `minChecks`
 * checks there: each point is a bucket's mean success over its `count` samples.
 */
function errorRatio(series, to, windowMs, minChecks) {
  let bad = 0;
  let total = 0;
  for (const one of series) {
    for (const point of one.points) {
      if (point.ts <= to - windowMs || point.ts > to) continue;
      const success = Math.min(1, Math.max(0, point.value));
      bad += (1 - success) * point.count;
      total += point.count;
    }
  }
  return total < Math.max(1, minChecks) ? null : bad / total;
}

function groupKey(labels, by) {
  return by.map((label) => `${label}=${labels[label] ?? ''}`).join(',');
}

module.exports = {
  analysers: {
    'slo-burn-rate': {
      async analyse(options, input) {
        const objective = options.objective / 100;
        const budget = 1 - objective;
        const periodMs = parseDuration(options.period ?? '30d');
        const by = options.by ?? ['service'];
        const minChecks = options.min_checks ?? 10;
        const windows = (options.windows ?? DEFAULT_WINDOWS).map((window) => ({
          ...window,
          longMs: parseDuration(window.long),
          shortMs: parseDuration(window.short),
        }));
        const groups = new Map();
        for (const series of input.series) {
          const key = groupKey(series.labels, by);
          if (!groups.has(key)) groups.set(key, { labels: series.labels, series: [] });
          groups.get(key).series.push(series);
        }
        const findings = [];
        for (const [key, group] of groups) {
          for (const window of windows) {
            // Two checks, one failed, are not half the budget gone: the long window needs enough checks to say anything.
            const long = errorRatio(group.series, input.to, window.longMs, minChecks);
            const short = errorRatio(group.series, input.to, window.shortMs, 1);
            if (long === null || short === null) continue;
            const longBurn = long / budget;
            const shortBurn = short / budget;
            if (longBurn < window.burn_rate || shortBurn < window.burn_rate) continue;
            const service = by.includes('service') ? group.labels.service : undefined;
            const subject =
              by
                .map((label) => group.labels[label])
                .filter((value) => value !== undefined && value !== '')
                .join(' ') || input.analyser;
            const lasts = longBurn > 0 ? periodMs / longBurn : Infinity;
            findings.push({
              key,
              severity: window.severity,
              ...(service === undefined ? {} : { service }),
              target: `${subject} (SLO ${options.objective}%)`,
              summary:
                `${subject} burns its ${options.objective}% error budget ${round(longBurn)}× faster than sustainable: ` +
                `${percent(long)} of checks failed over the last ${window.long} and ${percent(short)} over ${window.short} ` +
                `(this alert's threshold is ${window.burn_rate}× on both); at this rate the ${options.period ?? '30d'} budget lasts ${formatDuration(lasts)}`,
              evidence: group.series.map((series) => series.selector),
            });
            break; // the most urgent window that fires says it; the slower ones would repeat it
          }
        }
        return findings;
      },
    },
  },
};
