import { CHAIN_KEEP, type ExcursionChain, type OneRateCounts } from './excursion-chain';
import { type StateReader, type StateWriter } from './state-codec';

/**
 * Pseudo-counts of the rate at the length before that a length's rate starts from. Over 40,000
 * samples of blips going on (10 seeds, 10 / 20 / 30 %), the view alarmed 10 / 16 / 12 times on
 * clusters of 2-3 and 6 / 10 / 17 on single blips at 1 (one run ending at a length no other had
 * reached halved the rate for every longer one), 7 / 9 / 5 and 2 / 6 / 10 at 5 (single blips
 * with one rate: 2 / 3 / 14), 3 / 8 / 5 and 2 / 5 / 10 at 8; shifts after 600 samples of clusters
 * were found 9 / 10 / 10 of 10 at 5, up to 11 / 11 / 16 samples in (8: 13 / 12 / 16).
 */
const LEAN = 5;
/** Counts reach ~30,000 × the weight; float32 holds 3.4e38. */
const REWEIGH_AT = 1e30;

/**
 * A chain of a series' excursions counted by their length: a run is entered from an ordinary
 * sample with probability P(enter), and a run that has lasted j samples goes on to j + 1 with
 * probability stay(j), so the k-th far sample in a row costs -ln(P(enter) · stay(1) · ... ·
 * stay(k-1)).
 *
 * One `stay` for every length cannot tell "blips come in clusters of 2-3" from "blips last": such
 * a series stays at ~1 after one blip and ~0.5 after two, but hardly ever after three, and one
 * rate (~0.6 there) said a stretch at 450 ms was no rarer than its clusters until ~20 samples in
 * (0-1 of 10 shifts found). A length few runs have reached leans on the length before (LEAN
 * pseudo-counts of its rate), so a length no run has reached yet goes on at the rate of the
 * longest ones seen, and one run ending somewhere does not make every longer run rare. Where far
 * samples come one at a time every stay(j) is the same rate, as with one.
 */
export class LengthChain implements ExcursionChain {
  /**
   * Every count is kept multiplied by `weight`, which grows by 1 / CHAIN_KEEP a sample (a new
   * sample counts `weight`): forgetting the old ones without touching 40 counts a sample, which
   * cost the detector ~8 % of its throughput. Brought back to 1 before float32 could overflow.
   */
  private weight = 1;
  /** Ordinary samples (chances to enter a run), and the runs entered from one. */
  private near = 0;
  private entered = 0;
  /** [j - 1]: runs that had lasted j samples and could go on (j < maxRun), and those that did (float32: the state stays small). */
  private readonly chances: Float32Array;
  private readonly stayed: Float32Array;

  constructor(maxRun: number) {
    this.chances = new Float32Array(maxRun - 1);
    this.stayed = new Float32Array(maxRun - 1);
  }

  count(previousRun: number, far: boolean, continues: boolean): void {
    this.weight /= CHAIN_KEEP;
    if (this.weight > REWEIGH_AT) this.reweigh();
    const weight = this.weight;
    if (previousRun === 0) {
      this.near += weight;
      if (far) this.entered += weight;
    } else if (previousRun <= this.chances.length) {
      this.chances[previousRun - 1] = (this.chances[previousRun - 1] as number) + weight;
      if (continues) this.stayed[previousRun - 1] = (this.stayed[previousRun - 1] as number) + weight;
    }
  }

  judge(into: Float64Array): void {
    const weight = this.weight;
    // Add-half priors: a series that never entered a run, or never stayed in one, has not shown it never will.
    let total = -Math.log((this.entered + 0.5 * weight) / (this.near + weight));
    into[0] = total;
    let stay = 0.5;
    for (let j = 1; j < into.length; j++) {
      stay = ((this.stayed[j - 1] as number) + LEAN * weight * stay) / ((this.chances[j - 1] as number) + LEAN * weight);
      total -= Math.log(stay);
      into[j] = total;
    }
  }

  /** Lengths no run has reached (most of the 19) as runs of zeros. */
  write(out: StateWriter): void {
    out.float64(this.weight);
    out.float64(this.near);
    out.float64(this.entered);
    out.sparseFloat32Array(this.chances);
    out.sparseFloat32Array(this.stayed);
  }

  read(input: StateReader): void {
    this.weight = input.float64();
    this.near = input.float64();
    this.entered = input.float64();
    input.sparseFloat32Array(this.chances);
    input.sparseFloat32Array(this.stayed);
  }

  /** As versions 4 and 5 of the detector's state wrote it: every length. */
  readFixedWidth(input: StateReader): void {
    this.weight = input.float64();
    this.near = input.float64();
    this.entered = input.float64();
    input.float32Array(this.chances);
    input.float32Array(this.stayed);
  }

  /** One rate's counts, spread over the lengths as that rate says: the series' history carries over. */
  adopt(counts: OneRateCounts): void {
    this.weight = 1;
    this.near = Math.max(0, counts.seen - counts.far);
    this.entered = Math.max(0, counts.far - counts.stayed);
    const stay = (counts.stayed + 0.5) / (counts.chances + 1);
    let reaching = this.entered;
    for (let j = 0; j < this.chances.length; j++) {
      this.chances[j] = reaching;
      this.stayed[j] = reaching * stay;
      reaching *= stay;
    }
  }

  private reweigh(): void {
    const weight = this.weight;
    this.near /= weight;
    this.entered /= weight;
    for (let j = 0; j < this.chances.length; j++) {
      this.chances[j] = (this.chances[j] as number) / weight;
      this.stayed[j] = (this.stayed[j] as number) / weight;
    }
    this.weight = 1;
  }
}
