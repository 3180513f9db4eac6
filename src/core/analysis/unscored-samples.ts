import type { NoticeInsight } from '../../shared/types/insights';
import { formatDuration } from '../../shared/duration';

/**
 * Samples that got no anomaly score, grouped by why, for the notices an operator reads on the
 * Insights page, in `zervigo insights` and GET /api/v1/insights: without them a series' score
 * just stops (NaN the store skipped, a counter reset, the clock going back) and nobody says why.
 * A group lasts while its samples keep coming and is forgotten FORGET_AFTER_MS after the last.
 * Memory is bounded whatever comes in: a handful of reasons, each counting at most
 * MAX_SERIES_COUNTED distinct series and naming the first EXAMPLES of them.
 */
export const FORGET_AFTER_MS = 15 * 60_000;
const MAX_SERIES_COUNTED = 10_000;
const EXAMPLES = 3;

/**
 * Why a group's samples got no score, read as "<count> <who> <did> (<samples> in the last 7m)<outcome>":
 * "3 series sent NaN or infinite values (41 samples in the last 7m), not stored and not scored".
 */
export interface UnscoredReason {
  /** The same key is one group (one notice). */
  key: string;
  who: string;
  did: string;
  outcome: string;
}

interface Group {
  reason: UnscoredReason;
  series: Set<number>;
  /** More distinct series than MAX_SERIES_COUNTED came in: the count says "at least". */
  overflow: boolean;
  samples: number;
  since: number;
  last: number;
  examples: string[];
}

export class UnscoredSamples {
  private readonly groups = new Map<string, Group>();

  /**
   * One sample of `seriesId` got no score for `reason`; `selector` is asked only while examples are
   * wanted. True when the notice changed in what it names (a new reason or a new series): worth publishing.
   */
  note(reason: UnscoredReason, seriesId: number, selector: () => string, now: number): boolean {
    let group = this.groups.get(reason.key);
    if (group === undefined || now - group.last > FORGET_AFTER_MS) {
      group = { reason, series: new Set(), overflow: false, samples: 0, since: now, last: now, examples: [] };
      this.groups.set(reason.key, group);
    }
    group.samples++;
    group.last = now;
    if (group.series.has(seriesId)) return false;
    if (group.series.size >= MAX_SERIES_COUNTED) {
      const news = !group.overflow;
      group.overflow = true;
      return news;
    }
    group.series.add(seriesId);
    if (group.examples.length < EXAMPLES) group.examples.push(selector());
    return true;
  }

  /** One notice per reason seen within FORGET_AFTER_MS, most series first. */
  notices(now: number): NoticeInsight[] {
    const out: { count: number; notice: NoticeInsight }[] = [];
    for (const [key, group] of this.groups) {
      if (now - group.last > FORGET_AFTER_MS) {
        this.groups.delete(key);
        continue;
      }
      const count = group.series.size;
      const counted = `${group.overflow ? 'more than ' : ''}${count.toLocaleString('en-US')} ${group.reason.who}`;
      const samples = `${group.samples.toLocaleString('en-US')} sample${group.samples === 1 ? '' : 's'}`;
      const span = now - group.since < 1_000 ? 'just now' : `in the last ${formatDuration(Math.round((now - group.since) / 1_000) * 1_000)}`;
      const more = count > group.examples.length || group.overflow ? ', …' : '';
      out.push({
        count,
        notice: {
          kind: 'notice',
          id: `notice-unscored-${key}`,
          at: group.last,
          summary: `${counted} ${group.reason.did} (${samples} ${span})${group.reason.outcome} — ${count === 1 ? '' : 'first '}${group.examples.join(', ')}${more}`,
        },
      });
    }
    return out.sort((a, b) => b.count - a.count).map((entry) => entry.notice);
  }

  clear(): void {
    this.groups.clear();
  }
}
