import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import { CopyFilter } from '../../../src/core/logs/copy-filter';
import type { LogSearchResult, LogSourceView, LogStats } from '../../../src/shared/types/logs';
import { FakeClock } from '../../helpers/fake-clock';
import { tempDir, writeFile } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const context = { actor: 'test', transport: 'internal' } as const;

/** A real engine whose services are real child processes (real clock), over a workspace written by `yaml(dir, dataDir)`. */
function start(yaml: (dir: string, dataDir: string) => string) {
  const dir = tempDir();
  const dataDir = path.join(dir, 'data');
  const engine = Engine.start({
    dataDir,
    workspacePath: writeFile(dir, 'zervigo.yaml', yaml(dir, dataDir)),
    shell: 'server',
    logger: silentLogger,
    processEnv: {},
  });
  cleanups.push(() => engine.stop());
  const sources = async (service: string) =>
    ((await engine.dispatch('logs.status', undefined, context)) as { sources: LogSourceView[] }).sources.filter((source) => source.service === service);
  /** Lines each source delivered, stored or not (a copy is delivered and not stored). */
  const delivered = async (service: string) => (await sources(service)).reduce((sum, source) => sum + source.lines + source.copies, 0);
  /** log_lines_total of a service: of one level, or of all. */
  const stored = (service: string, level?: string) =>
    (level === undefined ? ['unknown', 'trace', 'debug', 'info', 'warn', 'error', 'fatal'] : [level]).reduce(
      (sum, name) => sum + engine.logs.metrics.value('log_lines_total', { service, level: name }),
      0,
    );
  const search = async (query: string) =>
    ((await engine.dispatch('logs.search', { query, range: '1h', limit: 500 }, context)) as LogSearchResult).lines.map((hit) => hit.text);
  return { engine, dir, dataDir, sources, delivered, stored, search };
}

/** A node program that writes each line to stdout and appends it to app.log, then stays up. */
function bothWays(lines: string[]): string {
  const script = `const fs=require('fs');for(const l of ${JSON.stringify(lines)}){console.log(l);fs.appendFileSync('app.log',l+'\\n');}setInterval(()=>{},1e6);`;
  return JSON.stringify([process.execPath, '-e', script]);
}

describe('a service read from its output and its log file is counted once', () => {
  it('stdout and a `logs:` file carrying the same lines: stored once, counters and patterns once, repeats kept', async () => {
    const lines = [
      ...Array.from({ length: 40 }, (_, i) => `INFO request ${i} served in ${i % 7} ms`),
      'ERROR db timeout after 5000 ms',
      'INFO tick',
      'INFO tick',
    ];
    const { engine, delivered, stored, search } = start(() => `version: 1\nservices:\n  api:\n    start: ${bothWays(lines)}\n    logs: [./app.log]\n`);
    // Both ways delivered everything (a copy counts as delivered): only then is "once" a finding.
    await waitFor(async () => (await delivered('api')) === 2 * lines.length, { what: 'every line from stdout and from the file', timeoutMs: 15_000 });
    await engine.logs.settled();
    expect(stored('api', 'info')).toBe(42);
    expect(stored('api', 'error')).toBe(1);
    // A line written twice on purpose is two lines (not one, not four).
    expect(await search('service:api tick')).toEqual(['INFO tick', 'INFO tick']);
    expect(await search('service:api request')).toHaveLength(40);
    const patterns = (await engine.dispatch('logs.patterns', { service: 'api' }, context)) as { template: string; count: number }[];
    expect(patterns.filter((pattern) => pattern.template.includes('served in')).map((pattern) => pattern.count)).toEqual([40]);
    const stats = (await engine.dispatch('logs.stats', { since: '1h' }, context)) as LogStats;
    expect(stats.services).toEqual([expect.objectContaining({ service: 'api', lines: 43, errors: 1 })]);
  });

  it('`| tee app.log` under shell: true', async () => {
    const { engine, delivered, stored } = start(
      () =>
        `version: 1\nservices:\n  web:\n    start: "for i in 1 2 3 4 5; do echo \\"GET /page/$i 200\\"; done | tee app.log; exec sleep 60"\n    shell: true\n    logs: [./app.log]\n`,
    );
    await waitFor(async () => (await delivered('web')) === 10, { what: 'five lines twice', timeoutMs: 15_000 });
    await engine.logs.settled();
    expect(stored('web')).toBe(5);
  });

  it('a `logs:` glob that matches the file Zervigo writes the output to is not read: the source says so', async () => {
    const { engine, sources, stored } = start(
      (_dir, dataDir) =>
        `version: 1\nservices:\n  api:\n    start: ${bothWays(['INFO one', 'INFO two', 'INFO three'])}\n    logs: ["${dataDir}/services/*.log"]\n`,
    );
    const skipped = await waitFor(async () => (await sources('api')).find((source) => source.state === 'skipped'), {
      what: 'the captured file to be skipped',
      timeoutMs: 15_000,
    });
    expect(skipped.message).toBe("Zervigo's own copy of api's output: its lines are stored once, from the output itself");
    await waitFor(() => stored('api') === 3, { what: 'the output' });
    await engine.logs.settled();
    expect(stored('api')).toBe(3);
  });
});

describe('logs stats: rates over the span that had lines', () => {
  it('errors per minute over the first to the last line, not over the window asked for', async () => {
    const clock = new FakeClock();
    const dir = tempDir();
    const engine = Engine.start({
      dataDir: path.join(dir, 'data'),
      workspacePath: writeFile(dir, 'zervigo.yaml', 'version: 1\nservices:\n  api:\n    logs: [./api.log]\n'),
      shell: 'server',
      logger: silentLogger,
      processEnv: {},
      clock,
    });
    cleanups.push(() => engine.stop());
    // 11 errors, one a minute: a 10-minute span inside the hour asked for.
    for (let minute = 0; minute <= 10; minute++) {
      if (minute > 0) clock.advance(60_000);
      fs.appendFileSync(path.join(dir, 'api.log'), `ERROR payment declined\nINFO retry scheduled\n`);
      // The writer thread catches up (fake time runs no real timers), then the file is read now.
      await engine.logs.settled();
      engine.logs.pump();
    }
    clock.advance(1_000);
    const stats = (await engine.dispatch('logs.stats', { since: '1h' }, context)) as LogStats;
    const api = stats.services[0];
    expect(api).toMatchObject({ service: 'api', lines: 22, errors: 11, errorsPerMinute: 1.1, linesPerMinute: 2.2 });
    expect((api?.lastAt ?? 0) - (api?.firstAt ?? 0)).toBe(600_000);
  });
});

describe('the copy filter', () => {
  const limits = { windowMs: 10_000, maxLines: 1_000, maxChars: 100_000 };

  it('drops a line the other origin delivered within the window, once per line delivered', () => {
    const filter = new CopyFilter(limits);
    expect(filter.isCopy('api', 'output', 'hello', 0)).toBe(false);
    expect(filter.isCopy('api', 'output', 'hello', 1)).toBe(false);
    expect(filter.isCopy('api', 'file', 'hello', 2)).toBe(true);
    expect(filter.isCopy('api', 'file', 'hello', 3)).toBe(true);
    // A third from the file has no counterpart left: it is a line of its own.
    expect(filter.isCopy('api', 'file', 'hello', 4)).toBe(false);
    // Another service's identical line is its own.
    expect(filter.isCopy('web', 'file', 'hello', 5)).toBe(false);
    // Outside the window it is a new line, not a copy.
    expect(filter.isCopy('api', 'output', 'late', 6)).toBe(false);
    expect(filter.isCopy('api', 'file', 'late', 10_007)).toBe(false);
  });

  it('stays within its bounds however many lines pass', () => {
    const filter = new CopyFilter(limits);
    for (let i = 0; i < 200_000; i++) filter.isCopy('api', 'output', `line ${i}`, i);
    expect(filter.remembered).toBeLessThanOrEqual(1_000);
    const wide = new CopyFilter(limits);
    for (let i = 0; i < 1_000; i++) wide.isCopy('api', 'output', `${'x'.repeat(1_000)}${i}`, 0);
    expect(wide.remembered).toBeLessThanOrEqual(100);
    // What was forgotten can no longer match; what is remembered still does.
    expect(wide.isCopy('api', 'file', `${'x'.repeat(1_000)}0`, 1)).toBe(false);
    expect(wide.isCopy('api', 'file', `${'x'.repeat(1_000)}999`, 1)).toBe(true);
  });
});
