import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import { engineBackend } from '../../../src/server/backend';
import { startServer } from '../../../src/server/server';
import type {
  LogContextResult,
  LogPatternView,
  LogPatternsDiscovered,
  LogRetentionNotice,
  LogSearchResult,
  LogTailBatch,
} from '../../../src/shared/types/logs';
import { FakeClock } from '../../helpers/fake-clock';
import { tempDir, writeFile } from '../../helpers/temp-dir';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const context = { actor: 'test', transport: 'internal' } as const;

function start(yaml: string, clock = new FakeClock()) {
  const dir = tempDir();
  const workspace = writeFile(dir, 'zervigo.yaml', yaml);
  const engine = Engine.start({ dataDir: path.join(dir, 'data'), workspacePath: workspace, shell: 'server', logger: silentLogger, processEnv: {}, clock });
  cleanups.push(() => engine.stop());
  return { engine, dir, clock };
}

/** GET on the engine's REST API (a real server on 127.0.0.1): `get('a=1')` answers its status and body. */
async function restGetter<Body>(
  engine: Engine,
  route: string,
): Promise<(query: string) => Promise<{ status: number; body: Body & { error?: { message: string } } }>> {
  const token = 'test-token-'.repeat(4);
  const server = await startServer({ backend: engineBackend(engine), token, port: 0, rendererDir: null });
  cleanups.push(() => server.close());
  return async (query) => {
    const response = await fetch(`${server.url}${route}?${query}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as Body & { error?: { message: string } } };
  };
}

function seriesOf(engine: Engine, name: string, labels: Record<string, string>): number[] {
  const id = engine.series.index.select(
    name,
    Object.entries(labels).map(([key, value]) => ({ name: key, type: '=' as const, value })),
  )[0]?.id;
  return id === undefined ? [] : engine.series.reader.readRaw(id, 0, Number.MAX_SAFE_INTEGER).values;
}

describe('logs in the engine', () => {
  it('counts lines per service and level and lines per pattern as series, and raises new error patterns', async () => {
    const { engine, dir, clock } = start('version: 1\nservices:\n  api:\n    logs: [./api.log]\n');
    const discovered: LogPatternsDiscovered[] = [];
    engine.bus.on('logs.patternsDiscovered', (payload) => discovered.push(payload));
    fs.appendFileSync(path.join(dir, 'api.log'), 'INFO served /a in 3 ms\nINFO served /b in 5 ms\nERROR db connection refused on 10.0.0.1\n');
    clock.advance(1_000);
    clock.advance(1_000);

    const series = (name: string, labels: Record<string, string>) => seriesOf(engine, name, labels);
    expect(series('log_lines_total', { service: 'api', level: 'info' }).at(-1)).toBe(2);
    expect(series('log_lines_total', { service: 'api', level: 'error' }).at(-1)).toBe(1);
    expect(series('log_new_error_patterns_total', { service: 'api' }).at(-1)).toBe(1);
    const patterns = await engine.dispatch('logs.patterns', undefined, context);
    expect(patterns).toEqual([
      expect.objectContaining({ service: 'api', template: 'served <*> in <*> ms', count: 2, level: 'info' }),
      expect.objectContaining({ service: 'api', template: 'db connection refused on <*>', count: 1, level: 'error' }),
    ]);
    const servedId = (patterns as { id: number }[])[0]?.id as number;
    expect(series('log_pattern_lines_total', { pattern: String(servedId) }).at(-1)).toBe(2);
    expect(discovered.flatMap((event) => event.patterns.map((pattern) => [pattern.template, pattern.error]))).toEqual([
      ['served <*> in <*> ms', false],
      ['db connection refused on <*>', true],
    ]);

    // The same error again is not new.
    fs.appendFileSync(path.join(dir, 'api.log'), 'ERROR db connection refused on 10.0.0.2\n');
    clock.advance(2_000);
    expect(series('log_new_error_patterns_total', { service: 'api' }).at(-1)).toBe(1);
    const stats = await engine.dispatch('logs.stats', { since: '1h' }, context);
    expect(stats).toMatchObject({ services: [{ service: 'api', lines: 4, errors: 2, warnings: 0 }] });
  });

  it("calls a pattern new for an hour after its first line, on the engine clock, and does not announce an old file's messages", async () => {
    const { engine, dir, clock } = start('version: 1\nservices:\n  api:\n    logs: [./api.log]\n');
    const discovered: LogPatternsDiscovered[] = [];
    engine.bus.on('logs.patternsDiscovered', (payload) => discovered.push(payload));
    const twoDaysAgo = new Date(clock.now() - 2 * 86_400_000).toISOString();
    fs.appendFileSync(path.join(dir, 'api.log'), `INFO cache warmed in 30 ms\n${twoDaysAgo} ERROR disk quota exceeded on /var\n`);
    clock.advance(1_000);
    const patterns = async () =>
      Object.fromEntries(
        ((await engine.dispatch('logs.patterns', { sort: 'new' }, context)) as LogPatternView[]).map((pattern) => [pattern.template, pattern.new]),
      );
    expect(await patterns()).toEqual({ 'cache warmed in <*> ms': true, 'disk quota exceeded on /var': false });
    expect(discovered.flatMap((event) => event.patterns.map((pattern) => pattern.template))).toEqual(['cache warmed in <*> ms']);
    expect(seriesOf(engine, 'log_new_error_patterns_total', { service: 'api' })).toEqual([]);
    // The same message again later keeps its first time: new until an hour after the first line.
    clock.advance(58 * 60_000);
    fs.appendFileSync(path.join(dir, 'api.log'), 'INFO cache warmed in 12 ms\n');
    clock.advance(1_000);
    expect((await patterns())['cache warmed in <*> ms']).toBe(true);
    clock.advance(2 * 60_000);
    expect((await patterns())['cache warmed in <*> ms']).toBe(false);
  });

  it('tails through events with flow control, and publishes source states', async () => {
    const { engine, dir, clock } = start('version: 1\nservices:\n  api:\n    logs: [./api.log]\n');
    const batches: LogTailBatch[] = [];
    engine.bus.on('logs.lines', (batch) => batches.push(batch));
    const { tailId } = (await engine.dispatch('logs.tail', { query: 'level:error' }, context)) as { tailId: string };
    fs.appendFileSync(path.join(dir, 'api.log'), 'INFO fine\nERROR first\n');
    clock.advance(500);
    fs.appendFileSync(path.join(dir, 'api.log'), 'ERROR second\n');
    clock.advance(500);
    expect(batches.map((batch) => batch.lines.map((line) => line.text))).toEqual([['ERROR first']]);
    await engine.dispatch('logs.tailAck', { tailId }, context);
    expect(batches.map((batch) => batch.lines.map((line) => line.text))).toEqual([['ERROR first'], ['ERROR second']]);
    await engine.dispatch('logs.untail', { tailId }, context);
    expect(await engine.dispatch('logs.tailAck', { tailId }, context)).toEqual({ active: false });
    const status = (await engine.dispatch('logs.status', undefined, context)) as { sources: { name: string; state: string; lines: number }[] };
    expect(status.sources).toEqual([expect.objectContaining({ name: path.join(dir, 'api.log'), state: 'following', lines: 3 })]);
  });

  it('keeps within storage.logs.max_size and says so with an event', async () => {
    const { engine, dir, clock } = start('version: 1\nstorage:\n  logs: { max_size: 1MiB, max_age: 1d }\nservices:\n  api:\n    logs: [./api.log]\n');
    const notices: LogRetentionNotice[] = [];
    engine.bus.on('logs.retention', (notice) => notices.push(notice));
    const file = path.join(dir, 'api.log');
    for (let round = 0; round < 20; round++) {
      fs.appendFileSync(file, Array.from({ length: 2_000 }, (_, i) => `INFO round ${round} line ${i} ${'y'.repeat(60)}`).join('\n') + '\n');
      clock.advance(5_000);
      // The writer thread commits in the background; the next round waits for it, as time would.
      await engine.logs.settled();
    }
    expect(notices.length).toBeGreaterThan(0);
    expect(notices[0]).toMatchObject({ reason: 'size' });
    const status = (await engine.dispatch('logs.status', undefined, context)) as { store: { bytes: number; lastDrop: unknown } };
    expect(status.store.bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(status.store.lastDrop).not.toBeNull();
  });

  it('answers GET /api/v1/logs with query, range, limit and cursor, and refuses bad input with a reason', async () => {
    const { engine, dir } = start('version: 1\nservices:\n  api:\n    logs: [./api.log]\n', undefined);
    fs.appendFileSync(path.join(dir, 'api.log'), Array.from({ length: 5 }, (_, i) => `WARN disk ${i} almost full`).join('\n') + '\nINFO other\n');
    engine.logs.pump();
    engine.logs.pump();
    const get = await restGetter<LogSearchResult>(engine, '/api/v1/logs');
    const page = await get('query=disk%20level:warn&range=1h&limit=2');
    expect(page.status).toBe(200);
    expect(page.body.lines.map((line) => line.text)).toEqual(['WARN disk 4 almost full', 'WARN disk 3 almost full']);
    const next = await get(`query=disk&limit=10&cursor=${page.body.nextCursor}`);
    expect(next.body.lines.map((line) => line.text)).toEqual(['WARN disk 2 almost full', 'WARN disk 1 almost full', 'WARN disk 0 almost full']);
    expect((await get('query=disk&start=2000-01-01T00:00:00Z&end=2000-01-02T00:00:00Z')).body.lines).toEqual([]);
    const bad = await get('limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toContain('limit');
    const badTime = await get('start=yesterday-ish');
    expect(badTime.status).toBe(400);
    expect(badTime.body.error?.message).toContain('is not a time');
  });

  it("answers GET /api/v1/logs/context around a line or a service's moment, and says why it cannot", async () => {
    const { engine, dir, clock } = start('version: 1\nservices:\n  api:\n    logs: [./api.log]\n  db:\n    logs: [./db.log]\n');
    const at = (s: number) => new Date(clock.now() - 60_000 + s * 1_000).toISOString();
    fs.appendFileSync(path.join(dir, 'api.log'), `${at(1)} INFO api one\n${at(3)} ERROR api three\n${at(5)} INFO api five\n`);
    fs.appendFileSync(path.join(dir, 'db.log'), `${at(2)} INFO db two\n${at(4)} WARN db four\n`);
    clock.advance(1_000);
    await engine.logs.settled();
    const get = await restGetter<LogContextResult>(engine, '/api/v1/logs/context');
    const hit = ((await engine.dispatch('logs.search', { query: 'three' }, context)) as LogSearchResult).lines[0];
    const around = await get(`id=${hit?.id}&before=2&after=2`);
    expect(around.status).toBe(200);
    expect(around.body.lines.map((line) => `${line.service}: ${line.text}`)).toEqual([
      'api: INFO api one',
      'db: INFO db two',
      'api: ERROR api three',
      'db: WARN db four',
      'api: INFO api five',
    ]);
    expect(around.body.anchor?.id).toBe(hit?.id);
    const own = await get(`id=${hit?.id}&before=5&after=5&services=api`);
    expect(own.body.lines.map((line) => line.text)).toEqual(['INFO api one', 'ERROR api three', 'INFO api five']);
    const moment = await get(`service=db&at=${encodeURIComponent(at(3.9))}&before=1&after=0`);
    expect(moment.body.lines.map((line) => line.text)).toEqual(['ERROR api three', 'WARN db four']);
    const neither = await get('before=3');
    expect(neither.status).toBe(400);
    expect(neither.body.error?.message).toContain('give the line (id) or a moment');
    const gone = await get('id=987654');
    expect(gone.status).toBe(404);
    expect(gone.body.error?.message).toContain('not stored');
  });

  it('validates the logs sections of the workspace with file:line:col and did-you-mean', async () => {
    const { engine } = start('version: 1\n');
    const result = (await engine.dispatch(
      'workspace.validate',
      { content: 'version: 1\nlogs:\n  jurnal: true\nservices:\n  api:\n    logs:\n      - { path: a.log, form: start }\n' },
      context,
    )) as { issues: { line: number; col: number; message: string }[] };
    expect(result.issues.map((issue) => `${issue.line}:${issue.col} ${issue.message}`)).toEqual([
      '3:3 unknown key "jurnal"; did you mean "journal"?',
      '7:24 unknown key "form"; did you mean "from"?',
    ]);
  });
});
