/** CPU time this process has used (all threads: JIT, GC and libuv included), in ms. */
export function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
