import { ANOMALY_ALARM_SCORE } from '../../../shared/types/insights';
import type { ChartData } from '../../../shared/types/monitoring';

/** A time span (ms) where a series' anomaly score stayed at or above the alarm level; `end` null while it lasts. */
export interface AnomalyStretch {
  start: number;
  end: number | null;
}

/**
 * The stretches where any of the `anomaly_score` series in `scores` was at the alarm level, merged
 * into one list. A stretch runs from its first alarmed bucket to the first bucket that is back
 * below (the score returned there); a gap longer than `gapMs` ends it one bucket after its last
 * alarmed sample. The bucket's max is what counts, so a short alarm inside a wide bucket still shows.
 * With `live`, a stretch still alarmed at the newest sample is open (`end` null).
 *
 * `episodes` (the engine's anomaly episodes of these series, `startedAt` to `endedAt`) are shaded
 * too: an episode begins when its series moved, which can be before its score reached the alarm
 * (a run of far samples alarms at its 3rd or later sample; a departure the alarm hold kept down
 * is raised once it lasted 3 samples), and the chart must say what the anomaly list says.
 */
export function anomalyStretches(scores: ChartData, gapMs: number, live: boolean, episodes: readonly AnomalyStretch[] = []): AnomalyStretch[] {
  const found: AnomalyStretch[] = [];
  for (const series of scores.series) {
    let openAt: number | null = null;
    let lastHigh = 0;
    for (let i = 0; i < series.ts.length; i++) {
      const ts = series.ts[i] as number;
      const high = (series.max[i] ?? Number.NaN) >= ANOMALY_ALARM_SCORE;
      if (openAt !== null && ts - lastHigh > gapMs) {
        found.push({ start: openAt, end: lastHigh + scores.stepMs });
        openAt = null;
      }
      if (high) {
        openAt ??= ts;
        lastHigh = ts;
      } else if (openAt !== null) {
        found.push({ start: openAt, end: ts });
        openAt = null;
      }
    }
    if (openAt !== null) found.push({ start: openAt, end: live && scores.end - lastHigh <= gapMs ? null : lastHigh + scores.stepMs });
  }
  for (const episode of episodes) {
    if (episode.start > scores.end || (episode.end !== null && episode.end < scores.start)) continue;
    // An episode still going on is open on a live chart; a past range ends at its own end.
    found.push({ start: Math.max(episode.start, scores.start), end: episode.end ?? (live ? null : scores.end) });
  }
  return mergeOverlapping(found);
}

/** Overlapping stretches of several series (two probes of one service) become one. */
function mergeOverlapping(stretches: AnomalyStretch[]): AnomalyStretch[] {
  const sorted = [...stretches].sort((a, b) => a.start - b.start);
  const merged: AnomalyStretch[] = [];
  for (const stretch of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && (last.end === null || stretch.start <= last.end)) {
      last.end = last.end === null || stretch.end === null ? null : Math.max(last.end, stretch.end);
    } else {
      merged.push({ ...stretch });
    }
  }
  return merged;
}
