import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { printFigures } from './report';
import { assertBuilt, RestartableServer, serve, sleep, stop, tokenOf } from './serve-process';

const RULES = 40;

/** A webhook receiver that counts each idempotency key, and can be down for a while. */
class Receiver extends RestartableServer {
  readonly seen = new Map<string, number>();
  posts = 0;

  constructor() {
    super((request, response) => {
      request.resume();
      request.on('end', () => {
        const key = String(request.headers['idempotency-key'] ?? '');
        this.posts += 1;
        this.seen.set(key, (this.seen.get(key) ?? 0) + 1);
        response.writeHead(200).end('ok');
      });
    });
  }
}

function flippingWorkspace(port: number, flipping: boolean): string {
  const rules = Array.from(
    { length: RULES },
    (_, i) => `  - alert: Flip${i}\n    expr: vector((time() + ${i}) % 20) < 10\n    flapping: false\n    labels: { severity: warning }`,
  ).join('\n');
  return `version: 1
evaluation_interval: 1s
rules:
${flipping ? rules : '  - alert: Quiet\n    expr: vector(1) < 0'}
routes:
  - notify: [hook]
    group_by: [alertname]
    group_wait: 0s
    group_interval: 1s
channels:
  hook: { webhook: { url: "http://127.0.0.1:${port}/alerts" } }
`;
}

interface Listed {
  key: string;
  status: string;
  lastError: string | null;
}

async function notifications(url: string, token: string): Promise<Listed[]> {
  const response = await fetch(`${url}/api/v1/notifications?limit=5000`, { headers: { authorization: `Bearer ${token}` } });
  return (await response.json()) as Listed[];
}

/**
 * Delivery under faults: 40 rules flip every 10 s (a firing and a resolved notification each
 * per 20 s) into a webhook. The receiver is down from 10 s to 40 s; the engine is killed with
 * SIGKILL at 20 s and started again at 22 s. At 60 s the rules are removed; then everything the
 * outbox holds must arrive, each idempotency key at least once, and counted by key.
 */
export async function run(): Promise<void> {
  assertBuilt();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-bench-delivery-'));
  const dataDir = path.join(dir, 'data');
  const workspace = path.join(dir, 'zervigo.yaml');
  const token = tokenOf(dataDir);
  const receiver = new Receiver();
  await receiver.start();
  fs.writeFileSync(workspace, flippingWorkspace(receiver.port, true));
  const started = Date.now();
  const at = async (seconds: number) => sleep(Math.max(0, started + seconds * 1000 - Date.now()));

  let engine = await serve(dataDir, workspace);
  await at(10);
  await receiver.stop();
  const receivedBeforeOutage = receiver.seen.size;
  await at(20);
  await stop(engine.child, 'SIGKILL');
  await at(22);
  engine = await serve(dataDir, workspace);
  await at(40);
  await receiver.start();
  await at(60);
  fs.writeFileSync(workspace, flippingWorkspace(receiver.port, false));

  // Drain: everything queued must be delivered (retries back off up to a few tens of seconds).
  let listed: Listed[];
  const deadline = Date.now() + 180_000;
  for (;;) {
    listed = await notifications(engine.url, token);
    const pending = listed.filter((item) => item.status === 'pending').length;
    if ((pending === 0 && Date.now() - started > 65_000) || Date.now() > deadline) break;
    await sleep(1_000);
  }
  await stop(engine.child);
  await receiver.stop();
  fs.rmSync(dir, { recursive: true, force: true });

  const keys = new Set(listed.map((item) => item.key));
  const missing = [...keys].filter((key) => !receiver.seen.has(key)).length;
  const unknown = [...receiver.seen.keys()].filter((key) => !keys.has(key)).length;
  const repeated = [...receiver.seen.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0);
  const failed = listed.filter((item) => item.status === 'failed').length;
  for (const reason of new Set(listed.filter((item) => item.status !== 'delivered').map((item) => `${item.status}: ${item.lastError ?? ''}`)))
    process.stdout.write(`  not delivered — ${reason}\n`);
  printFigures(
    `Delivery under faults: ${RULES} flipping rules, receiver down 10–40 s, engine killed (SIGKILL) at 20 s and restarted at 22 s (${Math.round((Date.now() - started) / 1000)} s in all)`,
    [
      { name: 'notifications decided (outbox rows)', value: keys.size, unit: '' },
      { name: '  arrived before the outage', value: receivedBeforeOutage, unit: '' },
      { name: 'arrived, counted once per idempotency key', value: keys.size - missing, unit: '' },
      { name: 'missing', value: missing, unit: '', target: { op: '<=', value: 0 } },
      { name: 'given up (failed)', value: failed, unit: '', target: { op: '<=', value: 0 } },
      { name: 'POSTs repeating a key already received (dropped by key)', value: repeated, unit: '' },
      { name: 'keys received that the outbox does not know', value: unknown, unit: '', target: { op: '<=', value: 0 } },
      { name: 'POSTs in all', value: receiver.posts, unit: '' },
    ],
  );
}
