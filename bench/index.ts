/**
 * `npm run bench [name...]`: runs the benchmarks (all, or those named) and prints their
 * figures beside the targets. Not part of `npm test`: timings belong here, not in assertions.
 */
const benches: Record<string, () => Promise<{ run: () => Promise<void> }>> = {
  startup: () => import('./startup.bench'),
  store: () => import('./store.bench'),
  probes: () => import('./probes.bench'),
  system: () => import('./system.bench'),
  logs: () => import('./logs.bench'),
  'logs-viewer': () => import('./logs-viewer.bench'),
  'alerting-eval': () => import('./alerting-eval.bench'),
  'alerting-delivery': () => import('./alerting-delivery.bench'),
  'alerting-latency': () => import('./alerting-latency.bench'),
  'self-heal': () => import('./self-heal.bench'),
  terminal: () => import('./terminal.bench'),
  'start-graph': () => import('./start-graph.bench'),
  'assistant-commands': () => import('./assistant-commands.bench'),
  check: () => import('./check.bench'),
  reports: () => import('./reports.bench'),
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const unknown = wanted.filter((name) => !(name in benches));
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}\n`);
    process.exit(2);
  }
  for (const name of wanted.length > 0 ? wanted : Object.keys(benches)) {
    const bench = await (benches[name] as () => Promise<{ run: () => Promise<void> }>)();
    await bench.run();
  }
}

void main();
