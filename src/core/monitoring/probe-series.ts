import type { Labels } from '../store/labels';
import type { SeriesIndex } from '../store/series-index';

/**
 * The series ids of one probe, looked up once: a check appends its samples by id without
 * building a series key each time. Labels a sample brings that clash with the probe's own
 * (a scraped metric with its own `service` label) are kept as `exported_<label>`, as
 * Prometheus does.
 */
export class ProbeSeries {
  private readonly ids = new Map<string, number>();

  constructor(
    private readonly index: SeriesIndex,
    readonly labels: Labels,
  ) {}

  id(name: string, extra?: Labels): number {
    let cacheKey = name;
    if (extra !== undefined) for (const key in extra) cacheKey += `\u0000${key}\u0000${extra[key] as string}`;
    const known = this.ids.get(cacheKey);
    if (known !== undefined) return known;
    const labels: Record<string, string> = { ...this.labels };
    if (extra !== undefined) for (const [key, value] of Object.entries(extra)) labels[key in this.labels ? `exported_${key}` : key] = value;
    const id = this.index.idOf(name, labels);
    this.ids.set(cacheKey, id);
    return id;
  }
}
