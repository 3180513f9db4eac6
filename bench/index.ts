/**
 * `npm run bench [name...]`: runs the benchmarks (all, or those named) and prints their
 * figures beside the targets. Not part of `npm test`: timings belong here, not in assertions.
 */
/** Names come first; everything from the first `--flag` on is the named bench's own arguments. */
type Bench = { run: (args: string[]) => Promise<void> };
const benches: Record<string, () => Promise<Bench>> = {
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
  assistant: () => import('./assistant.bench'),
  'assistant-commands': () => import('./assistant-commands.bench'),
  'assistant-rca': () => import('./assistant-rca.bench'),
  heartbeats: () => import('./heartbeats.bench'),
  analysis: () => import('./analysis.bench'),
  'analysis-cost': () => import('./analysis-cost.bench'),
  'analysis-save': () => import('./analysis-save.bench'),
  advice: () => import('./advice.bench'),
  forecast: () => import('./forecast.bench'),
  auth: () => import('./auth.bench'),
  fleet: () => import('./fleet.bench'),
  check: () => import('./check.bench'),
  reports: () => import('./reports.bench'),
  monitor: () => import('./monitor.bench'),
  automation: () => import('./automation.bench'),
  cleanup: () => import('./cleanup.bench'),
  deploy: () => import('./deploy.bench'),
  'status-page': () => import('./status-page.bench'),
  dashboards: () => import('./dashboards.bench'),
  plugins: () => import('./plugins.bench'),
};

/** Halves of a bench that also runs whole (`assistant`): run when named, not again in a run of all. */
const partsOnly = new Set(['assistant-commands', 'assistant-rca']);

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const firstFlag = argv.findIndex((arg) => arg.startsWith('-'));
  const wanted = firstFlag < 0 ? argv : argv.slice(0, firstFlag);
  const benchArgs = firstFlag < 0 ? [] : argv.slice(firstFlag);
  if (benchArgs.length > 0 && wanted.length !== 1) {
    process.stderr.write('arguments after the names go to one benchmark: npm run bench <name> -- --flag value\n');
    process.exit(2);
  }
  const unknown = wanted.filter((name) => !(name in benches));
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}\n`);
    process.exit(2);
  }
  for (const name of wanted.length > 0 ? wanted : Object.keys(benches).filter((bench) => !partsOnly.has(bench))) {
    const bench = await (benches[name] as () => Promise<Bench>)();
    await bench.run(benchArgs);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
