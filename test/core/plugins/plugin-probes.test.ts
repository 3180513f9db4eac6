import fs from 'node:fs';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import { pluginFolder } from '../../helpers/plugin-folder';
import { tempDir, writeFile } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';

const engines: Engine[] = [];
const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.stop()));
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

const context = { actor: 'test', transport: 'internal' } as const;

/** A probe kind that connects to host:port, written against the SDK's shapes (CommonJS, as npm ships it). */
const tcpPlugin = `const net = require('node:net');
module.exports = { probes: { tcpping: { check(options) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: options.host, port: options.port });
    socket.once('connect', () => { socket.destroy(); resolve({ ok: true, samples: [{ name: 'tcpping_connected', value: 1 }] }); });
    socket.once('error', (error) => resolve({ ok: false, reason: 'tcpping: ' + error.code + ' from ' + options.host + ':' + options.port }));
  });
} } } };`;
const tcpOptions = {
  type: 'object',
  required: ['host', 'port'],
  additionalProperties: false,
  properties: { host: { type: 'string' }, port: { type: 'integer', minimum: 1, maximum: 65535 } },
};

async function listen(): Promise<{ server: net.Server; port: number }> {
  const server = net.createServer((socket) => socket.end());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as net.AddressInfo).port };
}

async function engineWithPlugins(): Promise<{ engine: Engine; file: string }> {
  const file = writeFile(tempDir(), 'zervigo.yaml', 'version: 1\nmachine: false\nservices: {}\n');
  const engine = Engine.start({
    dataDir: tempDir(),
    workspacePath: file,
    shell: 'server',
    logger: silentLogger,
    processEnv: {},
    tickMs: 100,
    probeSpreadMs: 0,
  });
  engines.push(engine);
  await engine.dispatch(
    'plugins.install',
    { source: pluginFolder({ id: 'tcpcheck', main: tcpPlugin, contributes: { probes: { tcpping: { options: tcpOptions } } } }), accept: true },
    context,
  );
  await engine.dispatch(
    'plugins.install',
    { source: pluginFolder({ id: 'stuck', main: `module.exports = { probes: { stuck: { check() { return new Promise(() => {}); } } } };` }), accept: true },
    context,
  );
  await engine.dispatch(
    'plugins.install',
    { source: pluginFolder({ id: 'crashy', main: `module.exports = { probes: { crashy: { check() { process.exit(3); } } } };` }), accept: true },
    context,
  );
  await engine.dispatch(
    'plugins.install',
    { source: pluginFolder({ id: 'garbage', main: `module.exports = { probes: { garbage: { async check() { return { fine: 'yes' }; } } } };` }), accept: true },
    context,
  );
  return { engine, file };
}

const probe = (body: string): string =>
  `version: 1\nmachine: false\nservices:\n  api:\n    probes:\n      - ${body}\n        every: 200ms\n        timeout: 150ms\n        retries: 0\n`;

describe('probe kinds from plugins, in the real engine', () => {
  it('runs a plugin probe like a built-in (status, series), and a hung or crashed plugin makes only its own probe down', async () => {
    const { engine, file } = await engineWithPlugins();
    const { server, port } = await listen();
    fs.writeFileSync(
      file,
      `version: 1\nmachine: false\nservices:\n  api:\n    probes:\n      - tcpping: { host: 127.0.0.1, port: ${port} }\n        every: 200ms\n        timeout: 150ms\n        retries: 0\n  hung:\n    probes:\n      - stuck: {}\n        every: 300ms\n        timeout: 200ms\n        retries: 0\n  dies:\n    probes:\n      - crashy: {}\n        every: 300ms\n        timeout: 200ms\n        retries: 0\n  odd:\n    probes:\n      - garbage: {}\n        every: 300ms\n        retries: 0\n`,
    );
    engine.workspace.reloadFromFile();
    expect(engine.workspace.view().error).toBeNull();

    await waitFor(() => engine.monitoring.get('api/tcpping#0')?.status === 'up', { what: 'the plugin probe up', timeoutMs: 15_000 });
    expect(engine.monitoring.get('api/tcpping#0')).toMatchObject({ kind: 'tcpping', target: '127.0.0.1', reason: null });
    await waitFor(
      async () =>
        ((await engine.dispatch('metrics.query', { query: 'probe_success{service="api",probe="tcpping#0"}' }, context)) as { result: unknown[] }).result
          .length === 1,
      { what: 'probe_success in the store' },
    );
    const exposition = (await engine.dispatch('metrics.exposition', undefined, context)) as string;
    expect(exposition).toMatch(/tcpping_connected\{.*service="api"\} 1/);
    expect(exposition).toMatch(/probe_duration_seconds\{.*probe="tcpping#0".*\}/);

    await waitFor(() => engine.monitoring.get('hung/stuck#0')?.status === 'down', { what: 'the hung plugin probe down', timeoutMs: 15_000 });
    // A first check made while the plugin's process was still starting says so ("did not finish
    // starting within 200 ms"); once it runs, the hung call is named.
    await waitFor(() => /^plugin stuck did not answer probe\.check stuck within \d+ ms$/.test(engine.monitoring.get('hung/stuck#0')?.reason ?? ''), {
      what: 'the hung call named as the reason',
      timeoutMs: 15_000,
    });
    expect(engine.monitoring.get('hung/stuck#0')?.status).toBe('down');
    await waitFor(() => engine.monitoring.get('dies/crashy#0')?.status === 'down', { what: 'the crashing plugin probe down', timeoutMs: 15_000 });
    // On a loaded machine the exit can be seen after the 200 ms call timeout: that check says "did not
    // answer", and the next one (the plugin now down, restarting with back-off) names the exit.
    await waitFor(() => /^plugin crashy (went down|is down): exited with code 3/.test(engine.monitoring.get('dies/crashy#0')?.reason ?? ''), {
      what: 'the crash named as the reason',
      timeoutMs: 15_000,
    });
    expect(engine.monitoring.get('dies/crashy#0')?.status).toBe('down');

    await waitFor(() => engine.monitoring.get('odd/garbage#0')?.status === 'down', { what: 'the garbage-answering plugin probe down', timeoutMs: 15_000 });
    expect(engine.monitoring.get('odd/garbage#0')?.reason).toBe(
      'plugin garbage answered the garbage check with something that is not a result ({ ok, reason?, samples? })',
    );

    // The others never stalled the healthy one: it keeps being checked and stays up.
    const before = engine.monitoring.get('api/tcpping#0')!.lastCheckAt!;
    await waitFor(() => engine.monitoring.get('api/tcpping#0')!.lastCheckAt! > before + 400, { what: 'more checks of the healthy probe' });
    expect(engine.monitoring.get('api/tcpping#0')?.status).toBe('up');

    await new Promise((resolve) => server.close(resolve));
    await waitFor(() => engine.monitoring.get('api/tcpping#0')?.status === 'down', { what: 'the plugin probe down once its target is gone' });
    expect(engine.monitoring.get('api/tcpping#0')?.reason).toBe(`tcpping: ECONNREFUSED from 127.0.0.1:${port}`);
  });

  it("checks options against the plugin's JSON Schema at load, at file:line:col naming the plugin; unknown and disabled kinds are refused", async () => {
    const { engine, file } = await engineWithPlugins();
    const issues = engine.workspace.validate(probe('tcpping: { host: 127.0.0.1, port: "x", extra: 1 }'));
    expect(issues.map((issue) => `${issue.line}:${issue.col} ${issue.path}: ${issue.message}`)).toEqual([
      '6:18 services.api.probes[0].tcpping: plugin tcpcheck: must NOT have additional properties ("extra")',
      '6:43 services.api.probes[0].tcpping.port: plugin tcpcheck: must be integer',
    ]);
    expect(issues[0]?.file).toMatch(/zervigo\.yaml$/);
    expect(engine.workspace.validate(probe('tcpping: { host: 127.0.0.1 }')).map((issue) => issue.message)).toEqual([
      "plugin tcpcheck: must have required property 'port'",
    ]);
    expect(engine.workspace.validate(probe('tcpping: { host: 127.0.0.1, port: 5 }'))).toEqual([]);
    expect(engine.workspace.validate(probe('tcpping: { host: 127.0.0.1, port: 5 }\n        expect: { status: 200 }')).map((issue) => issue.message)).toEqual([
      'expect does not apply to tcpping probes (from plugin tcpcheck): their options say what passing means',
    ]);

    expect(engine.workspace.validate(probe('tcppng: { host: 127.0.0.1, port: 5 }')).map((issue) => issue.message)).toContain(
      'unknown key "tcppng"; did you mean "tcpping"?',
    );

    await engine.dispatch('plugins.disable', { id: 'tcpcheck' }, context);
    const disabled = engine.workspace.validate(probe('tcpping: { host: 127.0.0.1, port: 5 }'));
    expect(disabled.map((issue) => `${issue.line}:${issue.col} ${issue.message}`)).toEqual([
      '6:18 the probe kind "tcpping" comes from plugin tcpcheck, which is disabled; enable it (zervigo plugins enable tcpcheck)',
    ]);

    // A file refused for that reason loads once the plugin is enabled again.
    fs.writeFileSync(file, probe('tcpping: { host: 127.0.0.1, port: 5 }'));
    engine.workspace.reloadFromFile();
    expect(engine.workspace.view().error?.issues[0]?.message).toContain('which is disabled');
    await engine.dispatch('plugins.enable', { id: 'tcpcheck' }, context);
    expect(engine.workspace.view().error).toBeNull();
    expect(engine.monitoring.get('api/tcpping#0')?.kind).toBe('tcpping');
    // Disabling it later leaves the workspace running; its probes go down saying why.
    await engine.dispatch('plugins.disable', { id: 'tcpcheck' }, context);
    await waitFor(() => engine.monitoring.get('api/tcpping#0')?.reason === 'no enabled plugin provides the probe kind "tcpping"', {
      what: 'the probe down for its disabled plugin',
    });
    expect(engine.monitoring.get('api/tcpping#0')?.status).toBe('down');
  });
});
