/**
 * Whether a departure is big enough to matter to an operator, whatever the detector makes of it.
 *
 * The detector judges a sample against the series' own noise, and a flat series has none: a
 * sleeping process whose resident memory moves from 1.75 MB to 1.60 MB after a restart is, to it,
 * beyond anything the series ever did (measured: score 1.0, an "anomalous" badge on a healthy
 * service). So the engine raises an alarm only when the change from the typical value is also
 * material: at least a tenth of that value (of a ratio, a tenth of its distance to the nearer of 0
 * and 1), and at least the smallest step that means something in the metric's unit, read from its
 * name as Prometheus' naming conventions spell units.
 */
export type MaterialTest = (value: number, typical: number) => boolean;

/** A change below this share of the typical value is never an alarm. */
const RELATIVE_FLOOR = 0.1;

/** The smallest meaningful change per unit suffix, longest suffix first. */
const ABSOLUTE_FLOORS: ReadonlyArray<readonly [suffix: string, floor: number]> = [
  ['_bytes_per_second', 1024],
  ['_bytes', 1024 * 1024],
  ['_seconds', 0.001],
  ['_percent', 1],
  ['_ratio', 0.01],
];

export function materialChange(metric: string): MaterialTest {
  const absolute = ABSOLUTE_FLOORS.find(([suffix]) => metric.endsWith(suffix))?.[1] ?? 0;
  const ratio = metric.endsWith('_ratio');
  return (value, typical) => {
    // Nothing typical to compare with yet: the detector's word stands.
    if (!Number.isFinite(typical)) return true;
    const change = Math.abs(value - typical);
    // A ratio's room to move is to its nearer bound: a success ratio at 1.0 that falls to 0.95
    // fails one request in 20 where it failed none, though that is not a tenth of 1.0.
    const scale = ratio ? Math.min(Math.abs(typical), Math.abs(1 - typical)) : Math.abs(typical);
    return change >= absolute && change >= RELATIVE_FLOOR * scale && change > 0;
  };
}
