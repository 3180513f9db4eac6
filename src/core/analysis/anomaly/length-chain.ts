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
    this.near *= CHAIN_KEEP;
    this.entered *= CHAIN_KEEP;
    for (let j = 0; j < this.chances.length; j++) {
      this.chances[j] = (this.chances[j] as number) * CHAIN_KEEP;
      this.stayed[j] = (this.stayed[j] as number) * CHAIN_KEEP;
    }
    if (previousRun === 0) {
      this.near += 1;
      if (far) this.entered += 1;
    } else if (previousRun <= this.chances.length) {
      this.chances[previousRun - 1] = (this.chances[previousRun - 1] as number) + 1;
      if (continues) this.stayed[previousRun - 1] = (this.stayed[previousRun - 1] as number) + 1;
    }
  }

  judge(into: Float64Array): void {
    // Add-half priors: a series that never entered a run, or never stayed in one, has not shown it never will.
    let total = -Math.log((this.entered + 0.5) / (this.near + 1));
    into[0] = total;
    let stay = 0.5;
    for (let j = 1; j < into.length; j++) {
      stay = ((this.stayed[j - 1] as number) + LEAN * stay) / ((this.chances[j - 1] as number) + LEAN);
      total -= Math.log(stay);
      into[j] = total;
    }
  }

  write(out: StateWriter): void {
    out.float64(this.near);
    out.float64(this.entered);
    out.float32Array(this.chances);
    out.float32Array(this.stayed);
  }

  read(input: StateReader): void {
    this.near = input.float64();
    this.entered = input.float64();
    input.float32Array(this.chances);
    input.float32Array(this.stayed);
  }

  /** One rate's counts, spread over the lengths as that rate says: the series' history carries over. */
  adopt(counts: OneRateCounts): void {
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
}
