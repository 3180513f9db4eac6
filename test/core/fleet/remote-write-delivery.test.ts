import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock';
import { remoteWriteSchema } from '../../../src/core/config/schema/fleet';
import { openFleetDatabase, type FleetDatabase } from '../../../src/core/fleet/fleet-database';
import { RemoteWrite } from '../../../src/core/fleet/remote-write/remote-write-module';
import { silentLogger } from '../../../src/core/logger';
import { openDatabase, type Database } from '../../../src/core/store/database';
import { SeriesStore } from '../../../src/core/store/series-store';
import { tempDir } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';
import { WriteReceiver } from '../../helpers/write-receiver';

/** Retries, drops, the bounded queue and restarts, against a real HTTP receiver whose answers the test sets. */
describe('remote_write delivery', () => {
  const opened: { db: Database; fleetDb: FleetDatabase; remote: RemoteWrite }[] = [];

  afterEach(async () => {
    for (const { db, fleetDb, remote } of opened.splice(0)) await close(db, fleetDb, remote);
  });

  async function close(db: Database, fleetDb: FleetDatabase, remote: RemoteWrite): Promise<void> {
    await remote.stop();
    if (fleetDb.open) fleetDb.close();
    if (db.open) db.close();
  }

  function start(dataDir: string, queue: Record<string, unknown>, extra: Record<string, unknown> = {}, url = '') {
    fs.mkdirSync(dataDir, { recursive: true });
    const db = openDatabase(path.join(dataDir, 'zervigo.db'));
    const fleetDb = openFleetDatabase(dataDir);
    const store = new SeriesStore(db, () => Date.now());
    const remote = new RemoteWrite({ db: fleetDb, series: store, clock: systemClock, logger: silentLogger });
    remote.apply([
      remoteWriteSchema.parse({
        url,
        name: 'r',
        match: ['test_value'],
        queue: { batch_send_deadline: '10ms', min_backoff: '10ms', max_backoff: '40ms', ...queue },
        ...extra,
      }),
    ]);
    const handle = { db, fleetDb, remote, store };
    opened.push(handle);
    /** One tick of `count` samples, one per second of sample time from `fromTs`. */
    const tick = (fromTs: number, count: number, series = 'a'): void => {
      for (let i = 0; i < count; i++) store.writer.appendNamed('test_value', { series }, fromTs + i * 1000, fromTs / 1000 + i);
      store.writer.flush();
    };
    const status = () => remote.statuses()[0] as ReturnType<RemoteWrite['statuses']>[number];
    return {
      ...handle,
      tick,
      status,
      stop: async () => {
        opened.splice(opened.indexOf(handle), 1);
        await close(db, fleetDb, remote);
      },
    };
  }

  it('sends the headers spec 1.0 requires, and retries 5xx with back-off until the samples are accepted, once each', async () => {
    const receiver = await WriteReceiver.start();
    let calls = 0;
    receiver.answer = () => (++calls <= 2 ? 503 : 200);
    const rw = start(tempDir(), {}, { headers: { 'X-Scope-OrgID': 'team-a' }, basic_auth: { username: 'zervigo', password: 's3cret' } }, receiver.url);
    rw.tick(Date.now() - 20_000, 20);
    await waitFor(() => rw.status().sent === 20, { timeoutMs: 10_000, what: 'the samples to be accepted' });
    expect(receiver.requests.map((request) => request.status)).toEqual([503, 503, 200]);
    expect(receiver.samples).toBe(20);
    expect(rw.status().retried).toBe(40);
    const headers = receiver.requests[0]?.headers ?? {};
    expect([headers['content-encoding'], headers['content-type'], headers['x-prometheus-remote-write-version'], headers['x-scope-orgid']]).toEqual([
      'snappy',
      'application/x-protobuf',
      '0.1.0',
      'team-a',
    ]);
    expect(headers['user-agent']).toMatch(/^Zervigo\//);
    expect(headers.authorization).toBe(`Basic ${Buffer.from('zervigo:s3cret').toString('base64')}`);
    expect(receiver.accepted[0]?.labels).toEqual([
      ['__name__', 'test_value'],
      ['series', 'a'],
    ]);
  });

  it("never retries a 400: the batch is dropped and counted with the receiver's reason, and later batches go on", async () => {
    const receiver = await WriteReceiver.start();
    receiver.answer = 400;
    const rw = start(tempDir(), {}, {}, receiver.url);
    rw.tick(Date.now() - 30_000, 5);
    await waitFor(() => rw.status().dropped.http_4xx === 5, { timeoutMs: 10_000, what: 'the batch to be dropped' });
    expect(rw.status().lastError).toMatch(/HTTP 400: out of bounds/);
    receiver.answer = 200;
    rw.tick(Date.now() - 10_000, 5);
    await waitFor(() => rw.status().sent === 5, { timeoutMs: 10_000, what: 'the next batch' });
    expect(receiver.requests.map((request) => request.status)).toEqual([400, 200]);
    expect(rw.status().retried).toBe(0);
  });

  it('retries 429 when retry_on_http_429 (the default), drops it otherwise', async () => {
    const receiver = await WriteReceiver.start();
    let calls = 0;
    receiver.answer = () => (++calls === 1 ? 429 : 200);
    const retrying = start(tempDir(), {}, {}, receiver.url);
    retrying.tick(Date.now() - 10_000, 3);
    await waitFor(() => retrying.status().sent === 3, { timeoutMs: 10_000, what: 'the retried batch' });
    expect(retrying.status().retried).toBe(3);

    const strict = await WriteReceiver.start();
    strict.answer = 429;
    const dropping = start(tempDir(), { retry_on_http_429: false }, {}, strict.url);
    dropping.tick(Date.now() - 10_000, 3);
    await waitFor(() => dropping.status().dropped.http_429 === 3, { timeoutMs: 10_000, what: 'the 429 batch to be dropped' });
    expect(strict.requests).toHaveLength(1);
  });

  it('keeps everything on disk while the receiver is down, across a restart, and delivers it in order once it is back: 0 lost', async () => {
    const receiver = await WriteReceiver.start();
    await receiver.down();
    const dataDir = tempDir();
    const first = start(dataDir, {}, {}, receiver.url);
    const from = Date.now() - 100_000;
    for (let t = 0; t < 5; t++) first.tick(from + t * 10_000, 10);
    await waitFor(() => first.status().retried > 0 && first.status().backlogSamples === 50, { timeoutMs: 10_000, what: 'failed attempts' });
    expect(first.status().lastError).toMatch(/connection refused/);
    expect(first.status().state).toMatch(/retrying|failing/);
    await first.stop();

    await receiver.up();
    const second = start(dataDir, {}, {}, receiver.url);
    expect(second.status().backlogSamples).toBe(50);
    second.tick(from + 50_000, 10);
    await waitFor(() => second.status().sent === 60, { timeoutMs: 10_000, what: 'the backlog to be delivered' });
    const times = receiver.accepted.flatMap((series) => series.samples.map(([ts]) => ts));
    expect(times).toEqual(Array.from({ length: 60 }, (_, i) => from + i * 1000));
    expect(second.status().backlogSamples).toBe(0);
  });

  it('drops what is older than max_age instead of sending it, counted as too_old', async () => {
    const receiver = await WriteReceiver.start();
    const rw = start(tempDir(), { max_age: '1m' }, {}, receiver.url);
    rw.tick(Date.now() - 10 * 60_000, 4);
    rw.tick(Date.now() - 5_000, 3);
    await waitFor(() => rw.status().sent === 3, { timeoutMs: 10_000, what: 'the fresh samples' });
    expect(rw.status().dropped.too_old).toBe(4);
    expect(receiver.samples).toBe(3);
  });

  it('drops a sample older than one already queued for its series, in a later tick and after the endpoint is replaced', async () => {
    const receiver = await WriteReceiver.start();
    const rw = start(tempDir(), {}, {}, receiver.url);
    const from = Date.now() - 60_000;
    rw.tick(from, 1);
    rw.tick(from - 1_000, 1);
    rw.tick(from + 1_000, 1);
    await waitFor(() => rw.status().sent === 2, { timeoutMs: 10_000, what: 'the samples in order' });
    expect(rw.status().dropped.out_of_order).toBe(1);
    // A changed queue setting replaces the endpoint: what it had queued per series carries over.
    rw.remote.apply([
      remoteWriteSchema.parse({ url: receiver.url, name: 'r', match: ['test_value'], queue: { batch_send_deadline: '20ms', min_backoff: '10ms' } }),
    ]);
    rw.tick(from + 500, 1);
    rw.tick(from + 2_000, 1);
    await waitFor(() => rw.status().sent === 3, { timeoutMs: 10_000, what: 'the newer sample' });
    expect(rw.status().dropped.out_of_order).toBe(2);
    expect(receiver.accepted.flatMap((series) => series.samples.map(([ts]) => ts))).toEqual([from, from + 1_000, from + 2_000]);
  });

  it('never sends a row older than max_age that was queued behind newer ones while the receiver was down', async () => {
    const receiver = await WriteReceiver.start();
    await receiver.down();
    const rw = start(tempDir(), { max_age: '1m' }, {}, receiver.url);
    rw.tick(Date.now() - 9_000, 3);
    await waitFor(() => rw.status().retried > 0, { timeoutMs: 10_000, what: 'a failed attempt' });
    rw.tick(Date.now() - 10 * 60_000, 4, 'b');
    rw.tick(Date.now() - 3_000, 3, 'c');
    await receiver.up();
    await waitFor(() => rw.status().backlogSamples === 0 && rw.status().sent > 0, { timeoutMs: 10_000, what: 'the backlog to drain' });
    // Only the stale row goes (the 4 of `b`): the 3 of `a`, queued before it and still fresh, are sent.
    expect(rw.status().dropped.too_old).toBe(4);
    expect(receiver.accepted.map((series) => Object.fromEntries(series.labels).series)).toEqual(['a', 'c']);
    expect(receiver.samples).toBe(6);
  });

  it('holds at most max_backlog_bytes while the receiver is down, dropping the oldest', async () => {
    const receiver = await WriteReceiver.start();
    await receiver.down();
    const rw = start(tempDir(), { max_backlog_bytes: 4096 }, {}, receiver.url);
    const from = Date.now() - 1_000_000;
    for (let t = 0; t < 40; t++) rw.tick(from + t * 20_000, 20);
    // At most the limit, plus the one batch (one tick: 20 samples) that may be in flight.
    expect(rw.status().backlogBytes).toBeLessThanOrEqual(4096 + 20 * 20 + 40);
    expect(rw.status().dropped.backlog_full).toBeGreaterThan(400);
    await receiver.up();
    await waitFor(() => rw.status().backlogSamples === 0 && rw.status().sent + rw.status().dropped.backlog_full === 800, {
      timeoutMs: 10_000,
      what: 'the backlog to drain',
    });
    // What was kept is the newest, each sample once.
    const times = receiver.accepted.flatMap((series) => series.samples.map(([ts]) => ts));
    expect(new Set(times).size).toBe(times.length);
    expect(times.length).toBe(rw.status().sent);
    expect(times.at(-1)).toBe(from + 39 * 20_000 + 19_000);
  });
});
