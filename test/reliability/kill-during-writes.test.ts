import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServe, stopProcess } from '../helpers/cli';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';
import { hasLogLine, integrityOf, readDatabase } from './helpers';

/**
 * kill -9 in the middle of writing: a real `zervigo serve` ingesting a large log, and one
 * delivering notifications to a receiver that holds every request open. After the kill the
 * database passes PRAGMA integrity_check, everything committed before the kill is still there,
 * and a new serve on the same folder starts at once and goes on.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Rows committed so far, per partition: how many, and a digest of their text. */
function committedLogRows(file: string): Map<string, { rows: number; lastId: number; bytes: number }> {
  return readDatabase(file, (db) => {
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name GLOB 'log_rows_[0-9]*'").all() as { name: string }[];
    return new Map(
      tables.map(({ name }) => [
        name,
        db.prepare(`SELECT count(*) AS rows, coalesce(max(id), 0) AS lastId, coalesce(sum(length(text)), 0) AS bytes FROM ${name}`).get() as {
          rows: number;
          lastId: number;
          bytes: number;
        },
      ]),
    );
  });
}

const totalRows = (rows: Map<string, { rows: number }>): number => [...rows.values()].reduce((sum, partition) => sum + partition.rows, 0);

describe('kill -9 during log ingest', () => {
  it('leaves a database that passes integrity_check, with every committed line, and the folder usable at once', async () => {
    const dir = tempDir();
    const dataDir = path.join(dir, 'data');
    const log = path.join(dir, 'app.log');
    const LINES = 600_000;
    const chunk: string[] = [];
    const out = fs.openSync(log, 'w');
    for (let i = 0; i < LINES; i++) {
      chunk.push(`2026-11-22T12:00:00.000Z ${i % 50 === 0 ? 'ERROR' : 'INFO'} request ${i} served in ${i % 997} ms by worker-${i % 7}`);
      if (chunk.length === 10_000) fs.writeSync(out, `${chunk.splice(0).join('\n')}\n`);
    }
    fs.closeSync(out);
    const workspace = writeFile(
      dir,
      'zervigo.yaml',
      `version: 1\nmachine: false\nlogs:\n  files: [{ path: ${JSON.stringify(log)}, service: app, from: start }]\n`,
    );
    const database = path.join(dataDir, 'zervigo.db');

    const serve = await startServe(['--data-dir', dataDir, '--workspace', workspace, '--port', '0']);
    // Kill while lines are being written: some committed, not all.
    const before = await waitFor(
      () => {
        const rows = committedLogRows(database);
        const total = totalRows(rows);
        if (total >= LINES) throw new Error('every line was stored before the kill; make the log longer');
        return total > 0 ? rows : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 5, what: 'the first committed log lines' },
    );
    await stopProcess(serve.child, 'SIGKILL');

    expect(integrityOf(database)).toBe('ok');
    const after = committedLogRows(database);
    expect(totalRows(after)).toBeGreaterThanOrEqual(totalRows(before));
    for (const [table, committed] of before) {
      // Every row committed before the kill is still there, with the same text.
      const kept = readDatabase(
        database,
        (db) =>
          db.prepare(`SELECT count(*) AS rows, coalesce(sum(length(text)), 0) AS bytes FROM ${table} WHERE id <= ?`).get(committed.lastId) as {
            rows: number;
            bytes: number;
          },
      );
      expect([table, kept]).toEqual([table, { rows: committed.rows, bytes: committed.bytes }]);
    }

    // The lock went with the killed process: a new serve takes the folder and goes on reading.
    const again = await startServe(['--data-dir', dataDir, '--workspace', workspace, '--port', '0']);
    await waitFor(() => totalRows(committedLogRows(database)) > totalRows(after) || undefined, {
      timeoutMs: 20_000,
      what: 'ingest to go on after the restart',
    });
    expect(await stopProcess(again.child)).toBe(0);
    expect(integrityOf(database)).toBe('ok');
    expect(readDatabase(database, (db) => hasLogLine(db, 'INFO request 1 served in 1 ms by worker-1'))).toBe(true);
  }, 90_000);
});

/** A webhook receiver that holds every request open (a receiver stuck mid-delivery), or answers 200. */
class Receiver {
  readonly received = new Map<string, number>();
  holding = true;
  inFlight = 0;
  private readonly server = http.createServer((request, response) => {
    const key = String(request.headers['idempotency-key'] ?? '');
    request.resume();
    request.on('end', () => {
      this.received.set(key, (this.received.get(key) ?? 0) + 1);
      if (this.holding) {
        this.inFlight += 1;
        response.on('close', () => (this.inFlight -= 1));
        return;
      }
      response.writeHead(200).end('ok');
    });
  });

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

interface OutboxRow {
  key: string;
  status: string;
}

describe('kill -9 during notification delivery', () => {
  it('loses no notification decided before the kill: each is delivered after the restart', async () => {
    const dir = tempDir();
    const dataDir = path.join(dir, 'data');
    const database = path.join(dataDir, 'zervigo.db');
    const receiver = new Receiver();
    const port = await receiver.start();
    cleanups.push(() => receiver.stop());
    const rules = Array.from({ length: 20 }, (_, i) => `  - alert: Always${i}\n    expr: vector(1)\n    labels: { severity: critical }`).join('\n');
    const workspace = writeFile(
      dir,
      'zervigo.yaml',
      `version: 1\nmachine: false\nevaluation_interval: 1s\nrules:\n${rules}\nroutes:\n  - notify: [hook]\n    group_by: [alertname]\n    group_wait: 0s\n    group_interval: 1s\nchannels:\n  hook: { webhook: { url: "http://127.0.0.1:${port}/alerts" } }\n`,
    );

    const serve = await startServe(['--data-dir', dataDir, '--workspace', workspace, '--port', '0']);
    // Deliveries are under way (the receiver holds them) and the outbox has rows: kill now.
    const decided = await waitFor(
      () => {
        if (receiver.inFlight === 0) return undefined;
        const rows = readDatabase(database, (db) => db.prepare('SELECT key, status FROM outbox').all() as OutboxRow[]);
        return rows.length >= 2 ? rows : undefined;
      },
      { timeoutMs: 20_000, what: 'deliveries in flight with several notifications decided' },
    );
    await stopProcess(serve.child, 'SIGKILL');

    expect(integrityOf(database)).toBe('ok');
    const kept = new Map(readDatabase(database, (db) => db.prepare('SELECT key, status FROM outbox').all() as OutboxRow[]).map((row) => [row.key, row.status]));
    for (const row of decided) {
      expect(kept.has(row.key)).toBe(true);
      // A delivered one stays delivered (it is not sent again); the rest are still to do.
      if (row.status === 'delivered') expect(kept.get(row.key)).toBe('delivered');
    }

    receiver.holding = false;
    const again = await startServe(['--data-dir', dataDir, '--workspace', workspace, '--port', '0']);
    await waitFor(
      () => {
        const statuses = new Map(
          readDatabase(database, (db) => db.prepare('SELECT key, status FROM outbox').all() as OutboxRow[]).map((row) => [row.key, row.status]),
        );
        return decided.every((row) => statuses.get(row.key) === 'delivered' && receiver.received.has(row.key)) || undefined;
      },
      { timeoutMs: 40_000, what: 'every notification decided before the kill to be delivered' },
    );
    expect(await stopProcess(again.child)).toBe(0);
    expect(integrityOf(database)).toBe('ok');
  }, 90_000);
});
