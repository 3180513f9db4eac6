/**
 * Which service moved first. Each service's onset is its earliest symptom or resource move;
 * the first scores 1, the next ½, then ⅓ ..., and services moving within `tieMs` of each other
 * share a place (probes on different schedules see the same moment a few seconds apart).
 */
export function onsetOrder(onsets: ReadonlyMap<string, number>, tieMs = 2_000): Map<string, number> {
  const ordered = [...onsets.entries()].sort((a, b) => a[1] - b[1]);
  const scores = new Map<string, number>();
  let place = 0;
  let placeStart = Number.NEGATIVE_INFINITY;
  for (const [service, at] of ordered) {
    if (at - placeStart > tieMs) {
      place += 1;
      placeStart = at;
    }
    scores.set(service, 1 / place);
  }
  return scores;
}
