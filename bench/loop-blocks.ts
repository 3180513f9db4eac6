import { cpuMs } from './process-cpu';

/** A stretch in which a 1 ms timer could not run while this process burnt `cpuMs` of CPU. */
export interface LoopBlock {
  /** performance.now() when the stretch began. */
  at: number;
  cpuMs: number;
  wallMs: number;
}

/**
 * The event loop's long turns, measured in CPU rather than wall time: a 1 ms interval timer reads
 * the process's CPU time at each tick, and a tick that finds `minCpuMs` or more used since the last
 * one means the loop ran that long without reaching its timers (timers being what the probe
 * scheduler starts checks from). On a loaded machine a late tick with little CPU in it is waiting
 * for a core, not blocked, and is not counted; so the sum survives load where lateness does not.
 * The CPU is the whole process's (GC helper threads included), so it reads slightly high.
 */
export function watchLoopBlocks(minCpuMs = 5): { blocks: LoopBlock[]; stop: () => void } {
  const blocks: LoopBlock[] = [];
  let lastAt = performance.now();
  let lastCpu = cpuMs();
  const timer = setInterval(() => {
    const at = performance.now();
    const cpu = cpuMs();
    if (cpu - lastCpu >= minCpuMs) blocks.push({ at: lastAt, cpuMs: cpu - lastCpu, wallMs: at - lastAt });
    lastAt = at;
    lastCpu = cpu;
  }, 1);
  return { blocks, stop: () => clearInterval(timer) };
}

/** CPU of the blocks from `from` to `to` (performance.now()). */
export function blockedCpuMs(blocks: readonly LoopBlock[], from = Number.NEGATIVE_INFINITY, to = Number.POSITIVE_INFINITY): number {
  return blocks.filter((block) => block.at >= from && block.at < to).reduce((sum, block) => sum + block.cpuMs, 0);
}
