import { CHAIN_KEEP } from './excursion-chain';
import { type ReferenceWindow } from './reference-window';
import { type StateReader, type StateWriter } from './state-codec';

/**
 * How often a series that sits on one level leaves it, and whether that has lastingly risen: a
 * `probe_success` at 1 failing one sample in 1,000 that starts failing 3 in 100. No other view
 * sees it: each failure is a 0 the series has had before, and the shift view's ~16 samples hold
 * one failure or two. Here failures are counted over the series' whole memory (~30,000 samples)
 * and the recent ones weighed against that rate by a CUSUM of the Bernoulli likelihood ratio
 * (Page's test) for a rate RATIOS times the usual, each its own CUSUM: it sums the evidence over
 * however many samples the rise has lasted, a few hundred where one failure in 30 is no news yet.
 *
 * A series is levelled while at least LEVELLED_SHARE of the reference window's values equal its
 * median: 0/1 series, a success ratio of a few probes, a count that is mostly 0. Continuous series
 * never are (the view keeps nothing and says nothing there). What is counted is a departure's
 * start, not its samples: a sample off the level more than CLUSTER_GAP samples after the last
 * such sample. An outage of 6 samples, or failures in a cluster of a few within a minute, is one
 * event (the persistence views judge how long it lasts), so a series whose failures come in
 * clusters learns the clusters' rate and is not alarmed by each cluster's size. The same counts
 * are kept per hour of the day (UTC): where an hour's departures stand out from none by more than
 * HOUR_MARGIN Poisson errors and one, its rate is the usual one there when it is higher (failures
 * every night at 02:00 are no rise each night). An hour is judged by the days before it: the hour
 * in progress is added to its counts when it ends, so a rise today does not make itself usual.
 *
 * Under the usual rate a CUSUM reaches h nats about once in e^h samples or more (Lorden), RATIOS.length
 * times for the several; the view pays ln(RATIOS.length) and PENALTY nats besides the detector's
 * Bonferroni and speaks only on a departure's start, so every other sample scores as without it.
 * A rise is news once: after its alarm the view is quiet until every CUSUM is back to 0 (the rate
 * fell back, or the series learned the new rate as its normal).
 */
const LEVELLED_SHARE = 0.5;
/** A level is kept while this share of the reference holds it (a higher rate of failures must not move it). */
const KEPT_SHARE = 0.25;
/** Rates tested, as multiples of the learned one (a CUSUM each). */
const RATIOS = [4, 10, 30] as const;
/** A tested rate above this is no rare event any more: that CUSUM is not run. */
const MAX_RATE = 0.5;
/** Samples off the level within this many of the last one continue its departure. */
const CLUSTER_GAP = 10;
/** Chances counted before the view speaks: a rate needs a few events to be learned. */
const MIN_CHANCES = 1000;
const MIN_REFERENCE = 32;
/**
 * Nats the view pays beyond ln(RATIOS.length) and the detector's Bonferroni: chosen on generated 0/1 series
 * (bench/analysis/rate-change.ts) so that stable rates going on for 200,000 samples alarm as before.
 */
const PENALTY = 4;
const RATIO_SURPRISAL = Math.log(RATIOS.length);
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const HOURS = 24;
/**
 * Poisson standard errors (and one departure more) an hour's departures must stand out by before
 * its rate counts. On nightly windows of failures (half an hour at 5 %, an hour at 2 %, two at
 * 1 %; 0.1 % otherwise; 3 seeds, 20 days each) 1 and 2 both keep the view quiet after the first
 * nights; the whole detector had 8 episodes more than before the view with 2 (111 before), 3 with
 * 1 (without the hours, about one more a night); the bench's rises are found as without the hours.
 */
const HOUR_MARGIN = 1;
/** Hour counts are kept multiplied by a weight that grows each chance (forgetting without touching 48 counts); float32 holds 3.4e38. */
const REWEIGH_AT = 1e30;

export class RareLevelRate {
  /** The level departures are counted from (float32, as the reference stores values); NaN until one is found. */
  private level = Number.NaN;
  /** Forgotten counts: chances (samples not within CLUSTER_GAP of the last departure), departures started. */
  private chances = 0;
  private departures = 0;
  /** Samples since the last sample off the level (capped). */
  private sinceOff = CLUSTER_GAP + 1;
  /**
   * The same counts per hour of the day (UTC), times `hourWeight`: failures that come every night
   * at 02:00 are that hour's usual rate, not a rise each night (every day alarmed without them,
   * against half the days before the view).
   */
  private hourWeight = 1;
  private readonly hourChances = new Float32Array(HOURS);
  private readonly hourDepartures = new Float32Array(HOURS);
  /**
   * The hour in progress, counted apart and added to its hour's counts when it ends: an hour is
   * judged by the days before (a rise today must not teach its own hour that it is usual).
   */
  private currentHour = -1;
  private currentChances = 0;
  private currentDepartures = 0;
  /** Per tested rate: the CUSUM (nats), and the time it last left 0. */
  private readonly cusums = new Float64Array(RATIOS.length);
  private readonly risingSince = new Float64Array(RATIOS.length);
  /** The last rise alarmed: quiet until every CUSUM is back to 0. */
  private quiet = false;
  /** The rise the last surprisal stands for (its CUSUM's index), or -1. */
  private strongest = -1;

  /** When the rise the last surprisal stands for began. */
  get riseStartedAt(): number {
    return this.strongest < 0 ? Number.NaN : (this.risingSince[this.strongest] as number);
  }

  /**
   * -ln of how rarely the usual rate of departures gives evidence this strong for a higher one,
   * less the view's penalty, on a sample that starts a departure from the level; NaN on every
   * other sample and on a series that is not levelled. Counts the sample (`value` as the
   * reference stores it).
   */
  surprisal(value: number, reference: ReferenceWindow, timeMs: number): number {
    this.strongest = -1;
    if (reference.count < MIN_REFERENCE || !this.followLevel(reference)) return Number.NaN;
    const off = value !== this.level;
    const chance = this.sinceOff > CLUSTER_GAP;
    this.sinceOff = off ? 0 : Math.min(this.sinceOff + 1, CLUSTER_GAP + 1);
    if (!chance) return Number.NaN;
    // A +1 prior on departures: a young series' rate is guessed high rather than low (a low guess is a false alarm).
    const daily = (this.departures + 1) / (this.chances + 1);
    const hour = Math.floor((((timeMs % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);
    const weight = this.hourWeight;
    const hourDepartures = (this.hourDepartures[hour] as number) / weight;
    const hourly = Math.max(0, hourDepartures - HOUR_MARGIN * Math.sqrt(hourDepartures) - 1) / Math.max(1, (this.hourChances[hour] as number) / weight);
    // An hour's rate only ever raises the usual one: knowing the hours makes the view quieter, never keener.
    const usual = Math.max(daily, hourly);
    let strongest = -1;
    let evidence = 0;
    let quietNow = true;
    for (let k = 0; k < RATIOS.length; k++) {
      const raised = (RATIOS[k] as number) * usual;
      if (raised > MAX_RATE) {
        this.cusums[k] = 0;
        continue;
      }
      const step = off ? Math.log(raised / usual) : Math.log1p(-raised) - Math.log1p(-usual);
      const before = this.cusums[k] as number;
      const after = Math.max(0, before + step);
      this.cusums[k] = after;
      if (before === 0 && after > 0) this.risingSince[k] = timeMs;
      if (after > 0) quietNow = false;
      if (after > evidence) {
        evidence = after;
        strongest = k;
      }
    }
    this.chances = this.chances * CHAIN_KEEP + 1;
    this.departures = this.departures * CHAIN_KEEP + (off ? 1 : 0);
    this.countHour(hour, off);
    if (this.quiet) this.quiet = !quietNow;
    if (!off || this.quiet || this.chances < MIN_CHANCES || strongest < 0) return Number.NaN;
    this.strongest = strongest;
    return evidence - RATIO_SURPRISAL - PENALTY;
  }

  private countHour(hour: number, off: boolean): void {
    this.hourWeight /= CHAIN_KEEP;
    if (this.hourWeight > REWEIGH_AT) {
      for (let h = 0; h < HOURS; h++) {
        this.hourChances[h] = (this.hourChances[h] as number) / this.hourWeight;
        this.hourDepartures[h] = (this.hourDepartures[h] as number) / this.hourWeight;
      }
      this.hourWeight = 1;
    }
    if (hour !== this.currentHour) {
      if (this.currentHour >= 0) {
        const ended = this.currentHour;
        this.hourChances[ended] = (this.hourChances[ended] as number) + this.currentChances * this.hourWeight;
        this.hourDepartures[ended] = (this.hourDepartures[ended] as number) + this.currentDepartures * this.hourWeight;
      }
      this.currentHour = hour;
      this.currentChances = 0;
      this.currentDepartures = 0;
    }
    this.currentChances++;
    if (off) this.currentDepartures++;
  }

  /** The rise raised the alarm: it is news once. */
  reported(): void {
    this.quiet = true;
  }

  /**
   * A series never levelled has no level and every count as it began (the level, once found, is
   * never NaN again): its level alone says so. Hours that had no departure as runs of zeros; the
   * hour in progress's counts (whole numbers) as varints; a tested rate's start only while its
   * CUSUM is above 0 (it is set afresh when the CUSUM next leaves 0, and read only while it is above).
   */
  write(out: StateWriter): void {
    out.float32(this.level);
    if (Number.isNaN(this.level)) return;
    out.float64(this.chances);
    out.float64(this.departures);
    out.uint8(this.sinceOff);
    out.float64(this.hourWeight);
    out.sparseFloat32Array(this.hourChances);
    out.sparseFloat32Array(this.hourDepartures);
    out.uint8(this.currentHour + 1);
    out.varint(this.currentChances);
    out.varint(this.currentDepartures);
    let rising = 0;
    for (let k = 0; k < RATIOS.length; k++) if (!Object.is(this.cusums[k], 0)) rising |= 1 << k;
    out.uint8(rising);
    for (let k = 0; k < RATIOS.length; k++) {
      if ((rising & (1 << k)) === 0) continue;
      out.float64(this.cusums[k] as number);
      out.number(this.risingSince[k] as number);
    }
    out.uint8(this.quiet ? 1 : 0);
  }

  read(input: StateReader): void {
    this.level = input.float32();
    if (Number.isNaN(this.level)) return;
    this.chances = input.float64();
    this.departures = input.float64();
    this.sinceOff = input.uint8();
    this.hourWeight = input.float64();
    input.sparseFloat32Array(this.hourChances);
    input.sparseFloat32Array(this.hourDepartures);
    this.currentHour = input.uint8() - 1;
    this.currentChances = input.varint();
    this.currentDepartures = input.varint();
    const rising = input.uint8();
    for (let k = 0; k < RATIOS.length; k++) {
      if ((rising & (1 << k)) === 0) continue;
      this.cusums[k] = input.float64();
      this.risingSince[k] = input.number();
    }
    this.quiet = input.uint8() === 1;
  }

  /** As version 5 of the detector's state wrote it: every field, fixed width. */
  readFixedWidth(input: StateReader): void {
    this.level = input.float32();
    this.chances = input.float64();
    this.departures = input.float64();
    this.sinceOff = input.uint8();
    this.hourWeight = input.float64();
    input.float32Array(this.hourChances);
    input.float32Array(this.hourDepartures);
    this.currentHour = input.uint8() - 1;
    this.currentChances = input.float32();
    this.currentDepartures = input.float32();
    for (let k = 0; k < RATIOS.length; k++) {
      this.cusums[k] = input.float64();
      this.risingSince[k] = input.float64();
    }
    this.quiet = input.uint8() === 1;
  }

  /**
   * Keeps the level while enough of the reference holds it, else takes the median's when the
   * series is levelled there (counting afresh: departures from another level are another rate).
   * False when the series is not levelled.
   */
  private followLevel(reference: ReferenceWindow): boolean {
    const count = reference.count;
    if (!Number.isNaN(this.level) && share(reference, this.level) >= KEPT_SHARE * count) return true;
    const median = reference.median();
    if (share(reference, median) < LEVELLED_SHARE * count) return false;
    this.level = median;
    this.chances = 0;
    this.departures = 0;
    this.sinceOff = CLUSTER_GAP + 1;
    this.hourWeight = 1;
    this.hourChances.fill(0);
    this.hourDepartures.fill(0);
    this.currentHour = -1;
    this.currentChances = 0;
    this.currentDepartures = 0;
    this.cusums.fill(0);
    this.quiet = false;
    return true;
  }
}

/** How many of the reference's values equal `level`. */
function share(reference: ReferenceWindow, level: number): number {
  return reference.countAtMost(level) - reference.countBelow(level);
}
