import type { NoticeInsight, NoticeShare } from '../../shared/types/insights';
import { formatDuration } from '../../shared/duration';

/**
 * Samples that got no anomaly score, grouped by why, for the notices an operator reads on the
 * Insights page, in `zervigo insights` and GET /api/v1/insights: without them a series' score
 * just stops (NaN the store skipped, a counter reset, the clock going back) and nobody says why.
 * A group lasts while its samples keep coming and is forgotten FORGET_AFTER_MS after the last.
 * Each group is also counted per service, so that an operator filtering by one service reads how
 * many of that service's series, and which. Memory is bounded whatever comes in: a handful of
 * reasons, each counting at most MAX_SERIES_COUNTED distinct series and as many services, and
 * naming the first EXAMPLES series of each.
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

/** What a notice's sentence counts: all of a group's series, or one service's. */
interface Tally {
  /** Distinct series counted. */
  series: number;
  /** Some series went uncounted (beyond MAX_SERIES_COUNTED): the count says "more than". */
  overflow: boolean;
  samples: number;
  since: number;
  examples: string[];
}

interface Group extends Tally {
  reason: UnscoredReason;
  seen: Set<number>;
  last: number;
  /** Per service label, the same tally over that service's series only. */
  services: Map<string, Tally>;
}

export class UnscoredSamples {
  private readonly groups = new Map<string, Group>();

  /**
   * One sample of `seriesId` (of `service`, its service label, or null) got no score for `reason`;
   * `selector` is asked only while examples are wanted. True when the notice changed in what it
   * names (a new reason, a new series, or a service's count becoming "more than"): worth publishing.
   */
  note(reason: UnscoredReason, seriesId: number, service: string | null, selector: () => string, now: number): boolean {
    let group = this.groups.get(reason.key);
    if (group === undefined || now - group.last > FORGET_AFTER_MS) {
      group = { reason, seen: new Set(), last: now, services: new Map(), ...tally(now) };
      this.groups.set(reason.key, group);
    }
    group.samples++;
    group.last = now;
    const share = service === null ? undefined : shareOf(group, service, now);
    if (share !== undefined) share.samples++;
    if (group.seen.has(seriesId)) return false;
    if (group.seen.size >= MAX_SERIES_COUNTED) {
      const news = !group.overflow || (share !== undefined && !share.overflow);
      group.overflow = true;
      if (share !== undefined) share.overflow = true;
      return news;
    }
    group.seen.add(seriesId);
    group.series++;
    if (share !== undefined) share.series++;
    const named = group.examples.length < EXAMPLES || (share !== undefined && share.examples.length < EXAMPLES) ? selector() : '';
    if (group.examples.length < EXAMPLES) group.examples.push(named);
    if (share !== undefined && share.examples.length < EXAMPLES) share.examples.push(named);
    return true;
  }

  /** One notice per reason seen within FORGET_AFTER_MS, most series first, with each service's part. */
  notices(now: number): NoticeInsight[] {
    const out: { count: number; notice: NoticeInsight }[] = [];
    for (const [key, group] of this.groups) {
      if (now - group.last > FORGET_AFTER_MS) {
        this.groups.delete(key);
        continue;
      }
      const services: NoticeShare[] = [...group.services]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([service, share]) => ({ service, summary: sentence(group.reason, share, now) }));
      out.push({
        count: group.series,
        notice: { kind: 'notice', id: `notice-unscored-${key}`, at: group.last, summary: sentence(group.reason, group, now), services },
      });
    }
    return out.sort((a, b) => b.count - a.count).map((entry) => entry.notice);
  }

  clear(): void {
    this.groups.clear();
  }
}

function tally(now: number): Tally {
  return { series: 0, overflow: false, samples: 0, since: now, examples: [] };
}

/** The service's tally in the group; undefined once MAX_SERIES_COUNTED services are counted (the whole notice still counts it). */
function shareOf(group: Group, service: string, now: number): Tally | undefined {
  let share = group.services.get(service);
  if (share === undefined && group.services.size < MAX_SERIES_COUNTED) {
    share = tally(now);
    group.services.set(service, share);
  }
  return share;
}

/** "3 series sent NaN or infinite values (41 samples in the last 7m), not stored and not scored — first a, b, c, …" */
function sentence(reason: UnscoredReason, counted: Tally, now: number): string {
  const count = counted.series;
  // A service whose every series came beyond the cap has none counted: "some".
  const amount = !counted.overflow ? count.toLocaleString('en-US') : count === 0 ? 'some' : `more than ${count.toLocaleString('en-US')}`;
  const samples = `${counted.samples.toLocaleString('en-US')} sample${counted.samples === 1 ? '' : 's'}`;
  const span = now - counted.since < 1_000 ? 'just now' : `in the last ${formatDuration(Math.round((now - counted.since) / 1_000) * 1_000)}`;
  const more = count > counted.examples.length || counted.overflow ? ', …' : '';
  const named = counted.examples.length === 0 ? '' : ` — ${count === 1 && !counted.overflow ? '' : 'first '}${counted.examples.join(', ')}${more}`;
  return `${amount} ${reason.who} ${reason.did} (${samples} ${span})${reason.outcome}${named}`;
}
