import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock';
import { silentLogger } from '../../../src/core/logger';
import { readManifest } from '../../../src/core/plugins/manifest';
import { PluginHost, type PluginHostOptions } from '../../../src/core/plugins/plugin-host';
import { nodeForkLauncher } from '../../../src/core/plugins/node-fork-launcher';
import type { PluginLauncher } from '../../../src/core/plugins/plugin-process';
import { runtimeEntry } from '../../../src/core/plugins/runtime-entry';
import { utilityPluginLauncher } from '../../../src/main/utility-plugin-launcher';
import { utilityProcessStandIn } from '../../helpers/utility-process-stand-in';
import { pluginFolder } from '../../helpers/plugin-folder';
import { waitFor } from '../../helpers/wait-for';

const hosts: PluginHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.stop()));
});

function host(main: string, extra: Partial<PluginHostOptions> & { capabilities?: Record<string, string[]> } = {}): PluginHost {
  const dir = pluginFolder({ main, capabilities: extra.capabilities });
  const created = new PluginHost({
    manifest: readManifest(dir, '0.1.0'),
    pluginDir: dir,
    runtime: runtimeEntry(),
    clock: systemClock,
    logger: silentLogger,
    backoffMs: { first: 50, max: 200 },
    launcher,
    ...extra,
  });
  hosts.push(created);
  created.start();
  return created;
}

/** Counts settlements from the first one until the event loop's next turn (a setImmediate queued at the first). */
function settledBeforeNextTurn(): { settled: (value: unknown) => unknown; count: () => number } {
  let settled = 0;
  let beforeNextTurn: number | null = null;
  return {
    settled: (value) => {
      if (settled++ === 0) setImmediate(() => (beforeNextTurn = settled));
      return value;
    },
    count: () => beforeNextTurn ?? settled,
  };
}

const okProbe = `module.exports = { probes: { sample: { async check(options) { return { ok: true, reason: 'pid ' + process.pid, samples: [{ name: 'answer', value: options.n }] }; } } } };`;

/** Every behaviour through the launcher port: Node's fork (headless), and the desktop's Electron utility process adapter over a stand-in. */
const standIn = utilityProcessStandIn();
const launchers: [string, PluginLauncher, string][] = [
  ['a forked Node process', nodeForkLauncher, 'process.send'],
  ['an Electron utility process (stand-in for utilityProcess.fork)', utilityPluginLauncher(standIn), 'process.parentPort.postMessage'],
];
let launcher: PluginLauncher = nodeForkLauncher;

describe.each(launchers)('PluginHost in %s', (_name, used, sendRaw) => {
  beforeAll(() => {
    launcher = used;
  });

  it('runs the plugin in a process of its own and answers calls over IPC', async () => {
    const plugin = host(okProbe);
    await plugin.whenReady();
    const result = (await plugin.call('probe.check', 'sample', { n: 42 }, null, 2_000)) as { ok: boolean; reason: string; samples: unknown[] };
    expect(result.ok).toBe(true);
    expect(result.reason).not.toBe(`pid ${process.pid}`);
    expect(result.reason).toBe(`pid ${plugin.view().pid}`);
    expect(result.samples).toEqual([{ name: 'answer', value: 42 }]);
  });

  it('a call that is never answered fails after its timeout, naming the plugin, and the plugin stays up', async () => {
    const plugin = host(
      `module.exports = { probes: { sample: { check(options) { return options.hang ? new Promise(() => {}) : Promise.resolve({ ok: true }); } } } };`,
    );
    await plugin.whenReady();
    await expect(plugin.call('probe.check', 'sample', { hang: true }, null, 150)).rejects.toThrow(
      'plugin sample did not answer probe.check sample within 150 ms',
    );
    expect(plugin.view().state).toBe('ready');
    await expect(plugin.call('probe.check', 'sample', { hang: false }, null, 2_000)).resolves.toEqual({ ok: true });
  });

  it('a plugin that throws on load is down with the reason, and is retried with back-off', async () => {
    const plugin = host(`throw new Error('cannot find the config it wanted');`);
    await waitFor(() => plugin.view().state === 'down' && plugin.view().restarts >= 2, { what: 'two restarts', timeoutMs: 15_000 });
    expect(plugin.view().reason).toBe('failed to load: cannot find the config it wanted');
    await expect(plugin.call('probe.check', 'sample', {}, null, 100)).rejects.toThrow(/plugin sample is (down: failed to load|starting)/);
  });

  it('a crash mid-call fails that call and the plugin comes back', async () => {
    const plugin = host(`module.exports = { probes: { sample: { async check(options) { if (options.crash) process.exit(3); return { ok: true }; } } } };`);
    await plugin.whenReady();
    await expect(plugin.call('probe.check', 'sample', { crash: true }, null, 5_000)).rejects.toThrow('plugin sample went down: exited with code 3');
    await waitFor(() => plugin.view().state === 'ready', { what: 'the restart', timeoutMs: 15_000 });
    expect(plugin.view().restarts).toBe(1);
    await expect(plugin.call('probe.check', 'sample', {}, null, 2_000)).resolves.toEqual({ ok: true });
  });

  it('a crash with many calls pending fails them a few per turn of the event loop, not all in one', async () => {
    const plugin = host(`module.exports = { probes: { sample: { check(options) { if (options.crash) process.exit(3); return new Promise(() => {}); } } } };`);
    await plugin.whenReady();
    const pendingCalls = 100;
    const failedBeforeNextTurn = settledBeforeNextTurn();
    const calls = Array.from({ length: pendingCalls }, () => plugin.call('probe.check', 'sample', {}, null, 30_000).catch(failedBeforeNextTurn.settled));
    // Sent after the others: the process reads them first, so all are pending when it exits.
    const crash = plugin.call('probe.check', 'sample', { crash: true }, null, 30_000).catch(failedBeforeNextTurn.settled);
    const errors = await Promise.all([...calls, crash]);
    expect(errors.every((error) => String(error).includes('plugin sample went down: exited with code 3'))).toBe(true);
    // All in one turn would hold the engine's timers (other probes' checks) until the last one is recorded.
    expect(failedBeforeNextTurn.count()).toBeGreaterThan(0);
    expect(failedBeforeNextTurn.count()).toBeLessThan(pendingCalls / 4);
  });

  it('callers waiting for the plugin to start are released a few per turn once it is ready', async () => {
    const plugin = host(okProbe);
    expect(plugin.view().state).toBe('starting');
    const waiting = 100;
    const releasedBeforeNextTurn = settledBeforeNextTurn();
    await Promise.all(Array.from({ length: waiting }, () => plugin.whenReady().then(releasedBeforeNextTurn.settled)));
    expect(releasedBeforeNextTurn.count()).toBeGreaterThan(0);
    expect(releasedBeforeNextTurn.count()).toBeLessThan(waiting / 4);
  });

  it('a blocked event loop misses its heartbeat and is restarted', async () => {
    const plugin = host(`module.exports = { probes: { sample: { async check() { for (;;) {} } } } };`, { heartbeatMs: 50, heartbeatTimeoutMs: 300 });
    await plugin.whenReady();
    await expect(plugin.call('probe.check', 'sample', {}, null, 10_000)).rejects.toThrow(/stopped answering \(no heartbeat for 300 ms/);
    await waitFor(() => plugin.view().state === 'ready', { what: 'the restart', timeoutMs: 15_000 });
  });

  it('garbage on the channel takes the plugin down with what it sent', async () => {
    const plugin = host(`${sendRaw}('hello?'); module.exports = { probes: { sample: { async check() { return { ok: true }; } } } };`);
    await waitFor(() => plugin.view().reason?.startsWith('answered garbage') === true, { what: 'the garbage reason', timeoutMs: 15_000 });
    expect(plugin.view().reason).toBe(`answered garbage: a message that is not one of the protocol's ("hello?")`);
  });

  it('a plugin over its memory cap is stopped by it, and says so', async () => {
    const plugin = host(
      `const kept = []; module.exports = { probes: { sample: { async check() { for (;;) kept.push(new Array(100000).fill(Math.random())); } } } };`,
      { memoryMb: 32, heartbeatMs: 60_000 },
    );
    await plugin.whenReady();
    await expect(plugin.call('probe.check', 'sample', {}, null, 30_000)).rejects.toThrow('ran out of its 32 MB memory cap');
  });

  it('reading a file it did not declare is refused by the permission model, naming the capability', async () => {
    const plugin = host(
      `const fs = require('node:fs'); module.exports = { probes: { sample: { async check() { return { ok: true, reason: fs.readFileSync('/etc/hostname', 'utf8') }; } } } };`,
    );
    await plugin.whenReady();
    await expect(plugin.call('probe.check', 'sample', {}, null, 5_000)).rejects.toThrow(/plugin sample: Access to this API has been restricted/);
  });

  it('a declared read is allowed', async () => {
    const plugin = host(
      `const fs = require('node:fs'); module.exports = { probes: { sample: { async check() { return { ok: true, reason: fs.readFileSync('/etc/hostname', 'utf8').trim() }; } } } };`,
      { capabilities: { read: ['/etc/hostname'] } },
    );
    await plugin.whenReady();
    await expect(plugin.call('probe.check', 'sample', {}, null, 5_000)).resolves.toMatchObject({ ok: true });
  });

  it('a manifest kind the module does not implement keeps it down, saying which', async () => {
    const plugin = host(`module.exports = { probes: {} };`);
    await waitFor(() => plugin.view().state === 'down', { what: 'down', timeoutMs: 15_000 });
    expect(plugin.view().reason).toBe('its manifest declares probe sample but its main module does not implement it');
  });
});

describe('the Electron utility process launcher', () => {
  it('forks the runtime entry as a named utility process, whose plugin talks over process.parentPort only', async () => {
    launcher = utilityPluginLauncher(standIn);
    const plugin = host(
      `module.exports = { probes: { sample: { async check() { return { ok: true, reason: typeof process.parentPort + ' ' + typeof process.send }; } } } };`,
    );
    await plugin.whenReady();
    await expect(plugin.call('probe.check', 'sample', {}, null, 2_000)).resolves.toMatchObject({ reason: 'object undefined' });
    expect(standIn.forked.at(-1)).toEqual({ modulePath: runtimeEntry().file, serviceName: 'Zervigo plugin sample' });
    // Stopped: the process is gone (SIGKILL, as a forked one), not left to a SIGTERM it could ignore.
    const pid = plugin.view().pid as number;
    await plugin.stop();
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
