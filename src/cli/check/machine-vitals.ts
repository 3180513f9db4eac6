import os from 'node:os';
import { createMachineReader, toMachineSample } from '../../core/monitoring/kinds/system-probe';
import type { MachineVitals } from '../../shared/check/check-report';
import type { MachineSample } from '../../shared/types/monitoring';

/** Disk or memory this full is worth a line in yellow. */
export const VITALS_WARN_PERCENT = 90;

export interface VitalsReading {
  /** Takes the second reading (CPU busy share is a rate between two) and returns the vitals. */
  finish(): Promise<MachineVitals>;
}

/** The machine's numbers, as the machine probe reads them; the first reading starts now. */
export async function startVitals(selection: { mounts?: string[]; interfaces?: string[] }): Promise<VitalsReading> {
  const reader = createMachineReader(selection);
  await reader.read();
  const firstAt = performance.now();
  return {
    async finish() {
      // At least 100 ms between readings, so the CPU share means something.
      const wait = 100 - (performance.now() - firstAt);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      return vitalsOf(toMachineSample(await reader.read(), os.hostname(), Date.now()));
    },
  };
}

export function vitalsOf(sample: MachineSample): MachineVitals {
  const warnings: string[] = [];
  if (sample.memory.percent >= VITALS_WARN_PERCENT) warnings.push(`memory ${sample.memory.percent.toFixed(0)} % used`);
  for (const disk of sample.disks) if (disk.usedPercent >= VITALS_WARN_PERCENT) warnings.push(`disk ${disk.mountpoint} ${disk.usedPercent.toFixed(0)} % full`);
  return {
    host: sample.host,
    cpuPercent: sample.cpuPercent,
    load: sample.load,
    memory: { usedBytes: sample.memory.usedBytes, totalBytes: sample.memory.totalBytes, percent: sample.memory.percent },
    disks: sample.disks.map((disk) => ({ mountpoint: disk.mountpoint, usedPercent: disk.usedPercent, freeBytes: disk.freeBytes, totalBytes: disk.totalBytes })),
    warnings,
  };
}
