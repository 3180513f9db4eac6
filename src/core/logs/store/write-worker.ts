import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { executeWritePlan, type WritePlan } from './write-plan';

type Reply = { seq: number; measured: [number, number][] } | { seq: number; error: string };

/**
 * Runs write plans on a worker thread with its own SQLite connection. Plans are applied in
 * order; `settled` resolves once every plan sent so far is committed. The worker's code is the
 * executor's own source (see write-plan.ts), so the thread and the fallback run the same thing.
 */
export class WriteWorker {
  private readonly worker: Worker;
  private seq = 0;
  private done = 0;
  private waiters: { seq: number; resolve: () => void }[] = [];
  private failed: Error | null = null;

  constructor(
    file: string,
    private readonly onMeasured: (measured: [number, number][]) => void,
    private readonly onError: (error: Error) => void,
  ) {
    const sqlitePath = createRequire(import.meta.url).resolve('better-sqlite3');
    const source = `
      const { parentPort, workerData } = require('node:worker_threads');
      const Database = require(workerData.sqlitePath);
      const db = new Database(workerData.file);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('busy_timeout = 10000');
      const executeWritePlan = ${executeWritePlan.toString()};
      const cache = new Map();
      const run = db.transaction((plan) => executeWritePlan(db, plan, cache));
      parentPort.on('message', (message) => {
        if (message.close) {
          db.close();
          parentPort.close();
          return;
        }
        try {
          parentPort.postMessage({ seq: message.seq, measured: run(message.plan) });
        } catch (error) {
          parentPort.postMessage({ seq: message.seq, error: String((error && error.message) || error) });
        }
      });
    `;
    this.worker = new Worker(source, { eval: true, workerData: { sqlitePath, file } });
    this.worker.on('message', (reply: Reply) => this.receive(reply));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (code !== 0) this.fail(new Error(`the log writer thread exited with ${code}`));
      this.done = this.seq;
      this.release();
    });
  }

  get pending(): number {
    return this.seq - this.done;
  }

  get broken(): Error | null {
    return this.failed;
  }

  submit(plan: WritePlan): void {
    this.seq += 1;
    this.worker.postMessage({ seq: this.seq, plan });
  }

  settled(): Promise<void> {
    if (this.done >= this.seq) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ seq: this.seq, resolve }));
  }

  async close(): Promise<void> {
    await this.settled();
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ close: true });
    await exited;
  }

  private receive(reply: Reply): void {
    this.done = Math.max(this.done, reply.seq);
    if ('error' in reply) this.onError(new Error(reply.error));
    else if (reply.measured.length > 0) this.onMeasured(reply.measured);
    this.release();
  }

  private release(): void {
    const ready = this.waiters.filter((waiter) => waiter.seq <= this.done);
    this.waiters = this.waiters.filter((waiter) => waiter.seq > this.done);
    for (const waiter of ready) waiter.resolve();
  }

  private fail(error: Error): void {
    if (this.failed !== null) return;
    this.failed = error;
    this.onError(error);
  }
}
