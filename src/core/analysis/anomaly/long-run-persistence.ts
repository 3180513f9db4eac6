import { LengthChain } from './length-chain';
import { Persistence } from './persistence';
import { type ReferenceWindow } from './reference-window';
import { type StateReader, type StateWriter } from './state-codec';

/**
 * A second persistence view, for runs longer than persistence.ts looks at (up to MAX_RUN samples),
 * its chain counted by the run's length (length-chain.ts), on every series.
 *
 * Where the series' normal is a mixture, a bulk (a loopback probe at ~1 ms) with excursions in 10 %
 * of its samples or more (300-700 ms blips), the excursions set the inter-decile spread that
 * persistence.ts measures "far" in, so a stretch at 450 ms is only a few spreads off and its run
 * goes unseen: there far is measured in the bulk's own width (the median absolute deviation, which
 * ignores up to half the samples). A mixture is a reference whose inter-decile spread is at least
 * MIXTURE_RATIO times its bulk's: continuous heavy tails stay below that (|N|^2.5 noise: ~3.4; a
 * log-normal with sigma 1.5: ~2.2), blips in 10-30 % of a ~1 ms series put it in the hundreds, and
 * a bulk with no width (half the values equal: quantised CPU percentages, a count that is mostly
 * 0) is no mixture. Elsewhere far is the inter-decile spread, as for persistence.ts: blips in 5 %
 * of the samples that came in clusters of 2-3 make runs of 3 ordinary, which persistence.ts (one
 * rate, up to 5 samples) cannot see past, and a lasting 450 ms there was found on 2 of 10 seeds
 * when this view looked at mixtures only, 10 of 10 (8-12 samples in) looking everywhere; NAB's
 * shared half went from 78.65 / 72.99 / 82.99 to 78.71 / 73.35 / 83.03 and noise alarms stayed
 * the same (Gaussian, |N|^2.5: no run of 8 spreads there).
 */
const MIXTURE_RATIO = 8;
/**
 * Frequent excursions make long runs by chance: independent blips in 30 % of the samples reach
 * 8 in a row about once in 15,000 samples. The view's rarity is an honest per-sample probability,
 * but the other views' calibrated tails alarm ~30 times less often than their nominal e^-5
 * (2.3 per 10,000 samples of Gaussian noise), so it pays e^4 more. Chosen with the one-rate
 * chain (2026-12-06 morning): over 200,000 samples of blips continuing at 20 % / 30 %, 3 / 5 more
 * episodes than without the view (6 / 10), where 2 nats added 7 / 14 and 5 nats missed half the
 * shifts at 30 %. With the per-length chain, the same 200,000 samples (seed 1) give 40 / 105 /
 * 18 / 9 episodes for single blips at 5 / 10 / 20 / 30 % and 30 / 39 / 25 / 21 for clusters of 2-3.
 */
const PENALTY = 4;
/** At 30 % blips a shift needs 7-10 samples to be that rare, after clusters of 2-3 up to 16. */
const MAX_RUN = 20;

export class LongRunPersistence {
  private readonly runs = new Persistence(farUnit, MAX_RUN, new LengthChain(MAX_RUN));

  get runLength(): number {
    return this.runs.runLength;
  }

  get runStartedAt(): number {
    return this.runs.runStartedAt;
  }

  /** -ln of the current run's probability, less the penalty, where it speaks; NaN otherwise. Counts the sample either way. */
  surprisal(value: number, reference: ReferenceWindow, timeMs: number): number {
    return this.runs.surprisal(value, reference, timeMs) - PENALTY;
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

  /** As versions 4 and 5 of the detector's state wrote it. */
  readFixedWidth(input: StateReader): void {
    this.runs.readFixedWidth(input);
  }

  /** A state written when one rate of staying served every run length (detector version 3). */
  readOneRate(input: StateReader): void {
    this.runs.readOneRate(input, true);
  }
}

/** The bulk's width in a mixture, else the inter-decile spread (a NaN bulk, no width, compares false: no mixture). */
function farUnit(reference: ReferenceWindow): number {
  const bulk = reference.bulkSpread();
  return reference.spread() >= MIXTURE_RATIO * bulk ? bulk : reference.spread();
}
