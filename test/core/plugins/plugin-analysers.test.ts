import fs from 'node:fs';
import path from 'node:path';
import { scaffoldPlugin } from '../../../src/cli/commands/plugin-scaffold';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import type { InsightsView } from '../../../src/shared/types/insights';
import { pluginFolder } from '../../helpers/plugin-folder';
import { tempDir, writeFile } from '../../helpers/temp-dir';

/**
 * Analyser kinds of plugins (analysis.analysers) through the real engine and a real SQLite store:
 * what an analyser is given, how its findings become insights that hold and end, and a plugin that
 * answers garbage, never answers or crashes contained with a notice naming it.
 */
const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.stop()));
});

const context = { actor: 'test', transport: 'internal' } as const;

/** Reports what it was given as its finding's sentence; finds nothing once the latest value is 0. */
const echoPlugin = `module.exports = { analysers: { echo: { async analyse(options, input) {
  const latest = input.series.map((s) => s.points[s.points.length - 1].value);
  if (latest.every((value) => value === 0)) return [];
  return [{ key: 'seen', severity: options.severity, service: 'api', summary: JSON.stringify({ analyser: input.analyser, span: input.to - input.from,
    series: input.series.map((s) => ({ selector: s.selector, metric: s.metric, points: s.points.length, counts: s.points.reduce((n, p) => n + p.count, 0), last: s.points[s.points.length - 1].value })) }),
    evidence: input.series.map((s) => s.selector) }];
} } } };`;

const misbehaving = {
  junk: `module.exports = { analysers: { junk: { async analyse() { return [{ key: 'x', summary: 'no severity' }]; } } } };`,
  stuck: `module.exports = { analysers: { stuck: { analyse() { return new Promise(() => {}); } } } };`,
  crashy: `module.exports = { analysers: { crashy: { async analyse() { process.exit(3); } } } };`,
};

const options = (required: string[] = []) => ({ type: 'object', required, properties: { severity: { enum: ['critical', 'warning', 'info'] } } });

async function engineWith(plugins: Record<string, string>): Promise<{ engine: Engine; file: string }> {
  const file = writeFile(tempDir(), 'zervigo.yaml', 'version: 1\nmachine: false\n');
  const engine = Engine.start({ dataDir: tempDir(), workspacePath: file, shell: 'server', logger: silentLogger, processEnv: {}, tickMs: 100 });
  engines.push(engine);
  for (const [id, main] of Object.entries(plugins)) {
    const contributes = { analysers: { [id]: { options: options(id === 'echo' ? ['severity'] : []) } } };
    await engine.dispatch('plugins.install', { source: pluginFolder({ id, main, contributes }), accept: true }, context);
  }
  // Started, so a round's timeout is spent on the round, not on a process still loading.
  await Promise.all(Object.keys(plugins).map((id) => engine.plugins.host(id)!.whenReady()));
  return { engine, file };
}

/** Loads a workspace whose analysis is only `analysers` (the YAML list under it), anomalies and forecasts off. */
function loadAnalysers(engine: Engine, file: string, analysers: string): void {
  load(engine, file, `version: 1\nmachine: false\nanalysis:\n  anomalies: { enabled: false }\n  forecasts: []\n  analysers:\n${analysers}`);
}

function load(engine: Engine, file: string, text: string): void {
  fs.writeFileSync(file, text);
  engine.workspace.reloadFromFile();
  expect(engine.workspace.view().error).toBeNull();
}

const insights = async (engine: Engine): Promise<InsightsView> => (await engine.dispatch('insights.list', {}, context)) as InsightsView;

describe('analyser plugins', () => {
  it('are given the window of the series they select from the store; a finding holds while returned and ends when not', async () => {
    const { engine, file } = await engineWith({ echo: echoPlugin });
    loadAnalysers(
      engine,
      file,
      `    - echo: { severity: warning }
      name: watch-queue
      select: ['queue_depth{service="api"}']
      every: 1h
      window: 10m
`,
    );
    const now = Date.now();
    const api = engine.series.index.idOf('queue_depth', { service: 'api' });
    const other = engine.series.index.idOf('queue_depth', { service: 'web' });
    // Older than the window, inside it, and a series the selector does not match.
    for (const [ts, value] of [
      [now - 20 * 60_000, 100],
      [now - 5 * 60_000, 3],
      [now - 60_000, 4],
    ] as const)
      engine.series.writer.append(api, ts, value);
    engine.series.writer.append(other, now - 60_000, 9);

    engine.series.writer.flush();
    await engine.analysis.analysers.runAll();
    const [first] = (await insights(engine)).findings;
    expect((await insights(engine)).notices).toEqual([]);
    expect(first).toMatchObject({
      kind: 'finding',
      id: 'finding:watch-queue:seen',
      analyser: 'watch-queue',
      analyserKind: 'echo',
      plugin: 'echo',
      severity: 'warning',
      service: 'api',
      target: 'api',
      evidence: ['queue_depth{service="api"}'],
      endedAt: null,
    });
    expect(JSON.parse(first!.summary)).toEqual({
      analyser: 'watch-queue',
      span: 10 * 60_000,
      series: [{ selector: 'queue_depth{service="api"}', metric: 'queue_depth', points: 2, counts: 2, last: 4 }],
    });

    // Returned again: the same finding, still from its first round.
    engine.series.writer.append(api, now - 30_000, 5);
    engine.series.writer.flush();
    await engine.analysis.analysers.runAll();
    const again = (await insights(engine)).findings;
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ startedAt: first!.startedAt, endedAt: null });
    expect(again[0]!.lastAt).toBeGreaterThanOrEqual(first!.lastAt);

    // Not returned: it has ended (and is kept for the console); the kind filter finds it.
    engine.series.writer.append(api, now - 10_000, 0);
    engine.series.writer.flush();
    await engine.analysis.analysers.runAll();
    const ended = (await engine.dispatch('insights.list', { kind: 'finding' }, context)) as InsightsView;
    expect(ended.findings).toHaveLength(1);
    expect(ended.findings[0]!.endedAt).not.toBeNull();
    expect(ended.anomalies).toEqual([]);
  }, 60_000);

  it('contain a plugin that answers garbage, never answers or crashes: a notice names it, the others still run', async () => {
    const { engine, file } = await engineWith({ echo: echoPlugin, ...misbehaving });
    loadAnalysers(
      engine,
      file,
      `    - echo: { severity: info }
      select: [depth]
      every: 1h
    - junk: {}
      select: [depth]
      every: 1h
    - stuck: {}
      select: [depth]
      every: 1h
      timeout: 300ms
    - crashy: {}
      select: [depth]
      every: 1h
`,
    );
    engine.series.writer.append(engine.series.index.idOf('depth', {}), Date.now(), 1);
    engine.series.writer.flush();
    await engine.analysis.analysers.runAll();
    const view = await insights(engine);
    const notices = view.notices.map((notice) => notice.summary);
    expect(notices).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^analyser junk \(junk\) failed: plugin junk answered garbage: .*severity/),
        // The call's timeout is what is left of 300 ms once the files it names are read.
        expect.stringMatching(
          /^analyser stuck \(stuck\) failed: plugin stuck did not answer analyser.analyse stuck within (300|299|298) ms; its findings stay/,
        ),
        expect.stringMatching(/^analyser crashy \(crashy\) failed: plugin crashy went down: exited with code 3/),
      ]),
    );
    expect(notices).toHaveLength(3);
    // The well-behaved analyser answered in the same round.
    expect(view.findings.map((finding) => finding.analyser)).toEqual(['echo']);
  }, 60_000);

  it('are checked at load at file:line:col: options against the plugin schema, an unknown kind, a disabled plugin, a name used twice', async () => {
    const { engine } = await engineWith({ echo: echoPlugin });
    const problems = (analysers: string): string[] =>
      engine.workspace
        .validate(`version: 1\nmachine: false\nanalysis:\n  analysers:\n${analysers}`)
        .map((issue) => `${issue.line}:${issue.col} ${issue.path}: ${issue.message}`);
    expect(problems('    - echo: { severity: loud }\n      select: [depth]\n')).toEqual([
      '5:25 analysis.analysers[0].echo.severity: plugin echo: must be equal to one of the allowed values: "critical", "warning", "info"',
    ]);
    expect(problems('    - echo: {}\n      select: [depth]\n')).toEqual([
      "5:13 analysis.analysers[0].echo: plugin echo: must have required property 'severity'",
    ]);
    expect(problems('    - ecko: {}\n      select: [depth]\n')).toContain(
      '5:7 analysis.analysers[0]: names no analyser kind an installed plugin provides (analyser kinds: echo)',
    );
    expect(problems('    - echo: { severity: info }\n      select: [depth]\n    - echo: { severity: info }\n      select: [depth]\n')).toEqual([
      '7:7 analysis.analysers[1]: another analyser is named "echo"; give this one a name of its own (name:)',
    ]);
    await engine.dispatch('plugins.disable', { id: 'echo' }, context);
    expect(problems('    - echo: { severity: info }\n      select: [depth]\n')).toEqual([
      '5:13 analysis.analysers[0].echo: the analyser kind "echo" comes from plugin echo, which is disabled; enable it (zervigo plugins enable echo)',
    ]);
  }, 60_000);

  it('made by `zervigo plugins new NAME --kind analyser` runs in the real engine and finds what its example says', async () => {
    const dir = scaffoldPlugin('queue-watch', 'analyser', path.join(tempDir(), 'queue-watch'));
    const { engine, file } = await engineWith({});
    await engine.dispatch('plugins.install', { source: dir, accept: true }, context);
    await engine.plugins.host('queue-watch')!.whenReady();
    load(engine, file, `version: 1\nmachine: false\nanalysis:\n  analysers:\n    - queue-watch: { above: 10 }\n      select: [queue_depth]\n      every: 1h\n`);
    const now = Date.now();
    engine.series.writer.append(engine.series.index.idOf('queue_depth', { service: 'api' }), now - 1_000, 42);
    engine.series.writer.append(engine.series.index.idOf('queue_depth', { service: 'web' }), now - 1_000, 3);
    engine.series.writer.flush();
    await engine.analysis.analysers.runAll();
    const view = await insights(engine);
    expect(view.notices).toEqual([]);
    expect(view.findings).toMatchObject([
      { analyser: 'queue-watch', severity: 'warning', service: 'api', summary: 'queue_depth{service="api"} is 42, above 10', endedAt: null },
    ]);
  }, 60_000);
});
