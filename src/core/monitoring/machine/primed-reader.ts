import type { MachineReader, MachineReading } from './machine-reader';

/**
 * How long the first collection measures over. CPU busy share and network rates are differences
 * between two readings of the kernel's counters; without a baseline the first collection would
 * report none, and the console would show "—" for a whole `machine.every` (5 s by default).
 * A quarter second is 25 ticks of a 100 Hz clock per core: coarse, but a true figure.
 */
export const FIRST_WINDOW_MS = 250;

/**
 * A reader whose first read takes a baseline, waits `windowMs`, and reads again, so even the first
 * collection carries CPU and network rates. Later reads measure since the previous one, as before.
 */
export function primedReader(reader: MachineReader, windowMs = FIRST_WINDOW_MS): MachineReader {
  let primed = false;
  return {
    async read(): Promise<MachineReading> {
      if (!primed) {
        primed = true;
        await reader.read();
        await new Promise((resolve) => setTimeout(resolve, windowMs));
      }
      return reader.read();
    },
  };
}
