import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { describeArgon2Parameters, hashPassword, verifyPassword } from '../src/core/auth/password-hasher';
import { createDispatcher } from '../src/core/dispatch';
import { Engine } from '../src/core/engine';
import { silentLogger } from '../src/core/logger';
import { loadOrCreateToken } from '../src/server/auth/api-token';
import { engineBackend } from '../src/server/backend';
import { startServer } from '../src/server/server';
import { permissionsOf } from '../src/shared/auth/permissions';
import { DEFAULT_WORKSPACE, type Principal } from '../src/shared/auth/principal';
import { command, contextFor, returns, type CallContext } from '../src/shared/contract/define';
import { formatZodError, friendlyIssueMessage } from '../src/shared/zod-message';
import { cpuMs } from './process-cpu';
import { percentile, printFigures } from './report';

/**
 * What people and permissions cost (issue 13's benchmark):
 * - sign-in: one Argon2id hash and one verification with the parameters in use (OWASP's),
 *   and a whole sign-in over HTTP (verification, session row, cookie);
 * - authorisation at the dispatcher, per call: the same command through the real dispatcher
 *   (permission check, and masking of the answer for a viewer) beside the same steps without
 *   them (input parsing and the handler: an unauthenticated call), in the same run;
 * - a real engine's answers (wall time, so on a shared machine p99 is mostly the machine's) with 50 people signed in and 200 tokens: resolving a bearer token
 *   and a session cookie per request, and HTTP p50/p99 of GET /api/v1/services before and after.
 */
const CALLS = 200_000;
const ROUNDS = 10;
const HASHES = 10;
const PEOPLE = 50;
const TOKENS = 200;
const REQUESTS = 1_000;

function person(role: 'viewer' | 'admin'): Principal {
  return {
    kind: 'person',
    user: role,
    name: role,
    workspace: DEFAULT_WORKSPACE,
    role,
    permissions: permissionsOf(role),
    token: null,
    method: 'password',
    session: null,
  };
}

/**
 * CPU microseconds per call of each variant, on a busy shared machine: the variants take turns
 * (so a burst of load hits them alike), CPU time leaves out the waits for a core, and the best
 * of the rounds is the figure (load only ever adds).
 */
async function usPerCall(variants: Record<string, () => Promise<unknown>>): Promise<Record<string, number>> {
  const best: Record<string, number> = {};
  for (const call of Object.values(variants)) for (let i = 0; i < 20_000; i++) await call();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, call] of Object.entries(variants)) {
      const started = cpuMs();
      for (let i = 0; i < CALLS / ROUNDS; i++) await call();
      const us = ((cpuMs() - started) * 1000) / (CALLS / ROUNDS);
      best[name] = Math.min(best[name] ?? Number.POSITIVE_INFINITY, us);
    }
  }
  return best;
}

/** Median wall and CPU milliseconds of `work` (Argon2 runs on libuv's threads: their CPU counts too). */
async function msEach(times: number, work: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    const startedCpu = cpuMs();
    await work();
    wall.push(performance.now() - started);
    cpu.push(cpuMs() - startedCpu);
  }
  return { wall: percentile(wall, 50), cpu: percentile(cpu, 50) };
}

async function dispatcherFigures(): Promise<void> {
  // A command shaped like a real read: an input to parse and an answer with a secret-looking field to mask.
  const contract = {
    'bench.read': command({
      permission: 'view',
      input: z
        .strictObject({ limit: z.number().int().default(10) })
        .optional()
        .default({ limit: 10 }),
      output: returns<unknown>(),
      summary: 'bench',
    }),
  };
  const answer = { name: 'api', env: { PORT: '8080', DB_PASSWORD: 'hunter2' }, url: 'https://user:secret@example.com/', probes: [{ id: 'http', ok: true }] };
  const handler = (): Promise<unknown> => Promise.resolve(answer);
  const dispatch = createDispatcher(contract, { 'bench.read': handler });
  const spec = contract['bench.read'];
  // The same steps minus the permission check and the masking: what a call cost before people.
  const unauthenticated = async (rawInput: unknown): Promise<unknown> => {
    const parsed = spec.input.safeParse(rawInput, { error: friendlyIssueMessage });
    if (!parsed.success) throw new Error(formatZodError(parsed.error));
    return handler();
  };
  const admin: CallContext = contextFor(person('admin'), 'http');
  const viewer: CallContext = contextFor(person('viewer'), 'http');
  const input = { limit: 5 };
  const {
    base = 0,
    asAdmin = 0,
    asViewer = 0,
  } = await usPerCall({
    base: () => unauthenticated(input),
    asAdmin: () => dispatch('bench.read', input, admin),
    asViewer: () => dispatch('bench.read', input, viewer),
  });
  printFigures(`Dispatcher, CPU per call (best of ${ROUNDS} interleaved rounds of ${CALLS / ROUNDS}; load average ${os.loadavg()[0]?.toFixed(1)})`, [
    { name: 'unauthenticated call (parse + handler): baseline', value: base, unit: 'µs' },
    { name: 'admin: permission check, answer unmasked', value: asAdmin, unit: 'µs' },
    { name: 'viewer: permission check + masking the answer', value: asViewer, unit: 'µs' },
    { name: 'authorisation cost, admin (minus baseline)', value: asAdmin - base, unit: 'µs', target: { op: '<=', value: 20 } },
    { name: 'authorisation cost, viewer (minus baseline)', value: asViewer - base, unit: 'µs', target: { op: '<=', value: 20 } },
  ]);
}

async function hashFigures(): Promise<void> {
  const stored = await hashPassword('correct horse battery staple');
  const hashMs = await msEach(HASHES, () => hashPassword('correct horse battery staple'));
  const verifyMs = await msEach(HASHES, () => verifyPassword(stored, 'correct horse battery staple'));
  printFigures(`Passwords: ${describeArgon2Parameters()} (median of ${HASHES})`, [
    { name: 'hash a password, wall', value: hashMs.wall, unit: 'ms', target: { op: '<=', value: 1000 } },
    { name: 'hash a password, CPU', value: hashMs.cpu, unit: 'ms' },
    { name: 'verify a password (a sign-in), wall', value: verifyMs.wall, unit: 'ms', target: { op: '<=', value: 1000 } },
    { name: 'verify a password (a sign-in), CPU', value: verifyMs.cpu, unit: 'ms' },
  ]);
}

async function serverFigures(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-bench-auth-'));
  const dataDir = path.join(dir, 'data');
  const file = path.join(dir, 'zervigo.yaml');
  const services = Array.from({ length: 20 }, (_, i) => `  svc${i}: { env: { API_TOKEN: secret-${i}, PORT: "${8000 + i}" } }\n`).join('');
  fs.writeFileSync(file, `version: 1\nmachine: false\nservices:\n${services}`);
  const engine = Engine.start({ dataDir, workspacePath: file, shell: 'server', logger: silentLogger, processEnv: {} });
  const token = loadOrCreateToken(dataDir);
  const server = await startServer({ backend: engineBackend(engine), token, port: 0, rendererDir: null });
  const asSystem = { actor: 'bench', transport: 'internal' } as const;
  try {
    const get = async (headers: Record<string, string>): Promise<number> => {
      const started = performance.now();
      const response = await fetch(`${server.url}/api/v1/services`, { headers });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`GET /api/v1/services answered ${response.status}`);
      return performance.now() - started;
    };
    const latencies = async (headers: Record<string, string>): Promise<{ p50: number; p99: number }> => {
      for (let i = 0; i < 100; i++) await get(headers);
      const spent: number[] = [];
      for (let i = 0; i < REQUESTS; i++) spent.push(await get(headers));
      return { p50: percentile(spent, 50), p99: percentile(spent, 99) };
    };
    const owner = { authorization: `Bearer ${token}` };
    const before = await latencies(owner);

    const password = 'correct horse battery staple';
    for (let i = 0; i < PEOPLE; i++) await engine.dispatch('users.add', { name: `person${i}`, role: i % 3 === 0 ? 'operator' : 'viewer', password }, asSystem);
    const tokens: string[] = [];
    for (let i = 0; i < TOKENS; i++)
      tokens.push(((await engine.dispatch('tokens.create', { user: `person${i % PEOPLE}`, name: `t${i}` }, asSystem)) as { token: string }).token);
    const cookies: string[] = [];
    const signInMs: number[] = [];
    for (let i = 0; i < PEOPLE; i++) {
      const started = performance.now();
      const response = await fetch(`${server.url}/api/v1/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: `person${i}`, password }),
      });
      signInMs.push(performance.now() - started);
      if (response.status !== 204) throw new Error(`sign-in answered ${response.status}`);
      cookies.push((response.headers.get('set-cookie') ?? '').split(';')[0] as string);
    }
    const afterOwner = await latencies(owner);
    const afterToken = await latencies({ authorization: `Bearer ${tokens[TOKENS - 1] as string}` });
    const afterSession = await latencies({ cookie: cookies[PEOPLE - 1] as string });

    const { bearerUs = 0, sessionUs = 0 } = await usPerCall({
      bearerUs: () => Promise.resolve(engine.auth.resolveBearer(tokens[17] as string)),
      sessionUs: () => Promise.resolve(engine.auth.resolveSession((cookies[7] as string).split('=')[1])),
    });
    printFigures(`A server with ${PEOPLE} people signed in and ${TOKENS} tokens (GET /api/v1/services, 20 services, ${REQUESTS} sequential requests)`, [
      { name: 'sign-in over HTTP, median', value: percentile(signInMs, 50), unit: 'ms' },
      { name: 'resolve a bearer token (per request, CPU)', value: bearerUs, unit: 'µs' },
      { name: 'resolve a session cookie (per request, CPU)', value: sessionUs, unit: 'µs' },
      { name: 'p50, owner token, before people (baseline)', value: before.p50, unit: 'ms' },
      { name: 'p99, owner token, before people (baseline)', value: before.p99, unit: 'ms' },
      { name: 'p50, owner token, after', value: afterOwner.p50, unit: 'ms' },
      { name: 'p99, owner token, after', value: afterOwner.p99, unit: 'ms' },
      { name: "p99, a person's token (viewer: masked), after", value: afterToken.p99, unit: 'ms' },
      { name: 'p99, a session cookie (viewer: masked), after', value: afterSession.p99, unit: 'ms' },
    ]);
  } finally {
    await server.close();
    await engine.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  await dispatcherFigures();
  await hashFigures();
  await serverFigures();
}
