import { LengthChain } from './length-chain';
import { Persistence } from './persistence';
import { type ReferenceWindow } from './reference-window';
import { type StateReader, type StateWriter } from './state-codec';

/**
 * The persistence view for a series whose normal is a mixture: a bulk (a loopback probe at ~1 ms)
 * with excursions in 10 % of its samples or more (300-700 ms blips). There the excursions set
 * the inter-decile spread that persistence.ts measures "far" in, so a stretch at 450 ms is only
 * a few spreads off and its run goes unseen. Here far is measured in the bulk's own width (the
 * median absolute deviation, which ignores up to half the samples), and the run's rarity is again
 * the series' own excursion chain, here counted by the run's length (length-chain.ts): a blip in
 * 20 % of the samples that never lasted makes 450 ms five samples in a row rarer than anything the
 * series did, and blips that came in clusters of 2-3 make a run of ~10.
 *
 * It looks only where the reference is such a mixture: its inter-decile spread at least
 * MIXTURE_RATIO times its bulk's. Continuous heavy tails stay below that (|N|^2.5 noise: ~3.4;
 * a log-normal with sigma 1.5: ~2.2), so their alarms are unchanged; blips in 10-30 % of a ~1 ms
 * series put it in the hundreds. A bulk with no width (half the values equal: quantised CPU
 * percentages, a count that is mostly 0) has no unit, and the view does not look: on NAB's
 * shared half those were all it fired on, and all but one outside the anomaly windows.
 */
const MIXTURE_RATIO = 8;
/**
 * Frequent excursions make long runs by chance: independent blips in 30 % of the samples reach
 * 8 in a row about once in 15,000 samples. The view's rarity is an honest per-sample probability,
 * but the other views' calibrated tails alarm ~30 times less often than their nominal e^-5
 * (2.3 per 10,000 samples of Gaussian noise), so it pays e^4 more: over 200,000 samples of
 * blips continuing at 20 % / 30 %, 3 / 5 more episodes than without the view (6 / 10), where
 * 2 nats added 7 / 14 and 5 nats missed half the shifts at 30 %.
 */
const PENALTY = 4;
/** At 30 % blips a shift needs 7-10 samples to be that rare, after clusters of 2-3 up to 16. */
const MAX_RUN = 20;

export class MixturePersistence {
  private readonly runs = new Persistence((reference) => reference.bulkSpread(), MAX_RUN, new LengthChain(MAX_RUN));
  private lookingNow = false;

  /** Whether the last sample was looked at (the reference was a mixture): one more way of looking. */
  get looking(): boolean {
    return this.lookingNow;
  }

  get runLength(): number {
    return this.runs.runLength;
  }

  get runStartedAt(): number {
    return this.runs.runStartedAt;
  }

  /** -ln of the current run's probability, less the penalty, where it speaks; NaN otherwise. Counts the sample either way. */
  surprisal(value: number, reference: ReferenceWindow, timeMs: number): number {
    // A NaN bulk (no width) compares false: no mixture.
    this.lookingNow = reference.spread() >= MIXTURE_RATIO * reference.bulkSpread();
    const run = this.runs.surprisal(value, reference, timeMs);
    return this.lookingNow ? run - PENALTY : Number.NaN;
  }

  /** The current run raised the alarm: it says nothing more. */
  reported(): void {
    this.runs.reported();
  }

  write(out: StateWriter): void {
    this.runs.write(out);
  }

  read(input: StateReader): void {
    this.runs.read(input);
  }

  /** A state written when one rate of staying served every run length (detector version 3). */
  readOneRate(input: StateReader): void {
    this.runs.readOneRate(input, true);
  }
}
