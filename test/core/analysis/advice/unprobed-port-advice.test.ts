import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { unprobedPortAdvice } from '../../../../src/core/analysis/advice/unprobed-port-advice';
import { applyWorkspaceEdits } from '../../../../src/core/config/workspace-edit';
import { listeningPorts } from '../../../../src/core/process/listening-ports';
import { signalChild } from '../../../../src/core/process/signal-child';
import { AdviceBench } from './advice-bench';

const benches: AdviceBench[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  benches.splice(0).forEach((bench) => bench.close());
  // SIGTERM: the parent kills its listening child before it exits.
  for (const child of children.splice(0)) signalChild(child, 'SIGTERM');
});

const workspace = (probes: string): string => `version: 1
machine: false
services:
  api:
    start: node server.js
    probes: ${probes}
  worker: { start: node worker.js }
`;

function bench(yaml: string, ports: Record<string, number[]>): AdviceBench {
  const b = new AdviceBench(yaml);
  benches.push(b);
  for (const [service, list] of Object.entries(ports)) b.ports.set(service, list);
  return b;
}

describe('advice: a service that listens on a port no probe checks', () => {
  it('appears for the unprobed port only, with a tcp probe to add that parses', () => {
    const yaml = workspace('[{ http: "http://127.0.0.1:8080/health", every: 10s }]');
    const b = bench(yaml, { api: [8080, 9229] });
    const [advice, ...rest] = unprobedPortAdvice(b.context());
    expect(rest).toEqual([]);
    expect(advice).toMatchObject({ id: 'unprobed-port:api:9229', service: 'api', title: 'api listens on port 9229 and no probe checks it' });
    expect(advice?.apply?.edits).toEqual([{ path: ['services', 'api', 'probes', 1], value: { name: 'port-9229', tcp: '127.0.0.1:9229', every: '10s' } }]);
    const edited = applyWorkspaceEdits(yaml, advice?.apply?.edits ?? []);
    b.setWorkspace(edited);
    expect(b.config.services.api?.probes).toHaveLength(2);
    expect(unprobedPortAdvice(b.context())).toEqual([]);
  });

  it('does not appear for ports already probed (http default port, tcp address), nor for a service that is not running', () => {
    const yaml = workspace('[{ http: "http://localhost/health" }, { tcp: "127.0.0.1:9229" }, { http: { url: "https://127.0.0.1:8443/" } }]');
    expect(unprobedPortAdvice(bench(yaml, { api: [80, 9229, 8443] }).context())).toEqual([]);
    expect(unprobedPortAdvice(bench(yaml, {}).context())).toEqual([]);
  });

  it('finds the ports a real process and its child listen on', async () => {
    // A parent that listens, and a child of it that listens too (a worker): both belong to the service.
    const script = `
      const net = require('node:net');
      const { spawn } = require('node:child_process');
      const a = net.createServer().listen(0, '127.0.0.1', () => {
        const child = spawn(process.execPath, ['-e', "const s=require('node:net').createServer().listen(0,'127.0.0.1',()=>console.log(s.address().port))"], { stdio: ['ignore', 'pipe', 'inherit'] });
        child.stdout.once('data', (d) => console.log(a.address().port + ' ' + String(d).trim()));
        process.on('SIGTERM', () => { child.kill('SIGKILL'); process.exit(0); });
      });`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    const line = await new Promise<string>((resolve) => child.stdout?.once('data', (data: Buffer) => resolve(String(data).trim())));
    const [parentPort, childPort] = line.split(' ').map(Number);
    expect(listeningPorts(child.pid as number)).toEqual([parentPort, childPort].sort((a, b) => (a as number) - (b as number)));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    signalChild(child, 'SIGTERM');
    await exited;
  });
});
