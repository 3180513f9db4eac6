import type { MachineSample } from '../../../shared/types/monitoring';

/** Samples kept for the live machine panel: 15 minutes at the default 5 s, more at 1 s. */
const KEEP = 900;

type Listener = (sample: MachineSample) => void;

/**
 * The machine samples as they arrive, outside React: the machine panel's charts and numbers
 * subscribe and update themselves in place (uPlot setData, textContent), so a sample every
 * second never re-renders the page.
 */
class MachineFeed {
  private readonly samples: MachineSample[] = [];
  private readonly listeners = new Set<Listener>();

  push(sample: MachineSample): void {
    const last = this.samples.at(-1);
    if (last !== undefined && last.at >= sample.at) return;
    this.samples.push(sample);
    if (this.samples.length > KEEP) this.samples.splice(0, this.samples.length - KEEP);
    for (const listener of this.listeners) listener(sample);
  }

  latest(): MachineSample | null {
    return this.samples.at(-1) ?? null;
  }

  history(): readonly MachineSample[] {
    return this.samples;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export const machineFeed = new MachineFeed();

export function pushMachineSample(sample: MachineSample | null): void {
  if (sample !== null) machineFeed.push(sample);
}
