/**
 * The entry of a plugin's process: loads the plugin's main module (argv[2]), says what it
 * contributes, then answers the engine's calls, each with its own timeout signal. It runs one
 * plugin only, so a plugin that throws, hangs or leaks takes down nothing but this process.
 * The same messages go over a forked Node process's IPC channel (process.send) or, in the desktop
 * app's Electron utility process, over process.parentPort.
 */
import { pathToFileURL } from 'node:url';
import { postJson } from './post-json';
import type { Contributions, EngineMessage, PluginMessage } from './protocol';

type Kind = Record<string, (...args: unknown[]) => Promise<unknown>>;
type Section = Record<string, Kind>;
interface LoadedPlugin {
  probes: Section;
  channels: Section;
  actions: Section;
  analysers: Section;
  logParsers: Section;
}

const METHODS = {
  'probe.check': ['probes', 'check'],
  'channel.send': ['channels', 'send'],
  'action.run': ['actions', 'run'],
  'analyser.analyse': ['analysers', 'analyse'],
  'logParser.parse': ['logParsers', 'parse'],
} as const;

/** Electron's utility process side of its port (absent in a forked Node process). */
interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}
const parentPort = (process as { parentPort?: ParentPort }).parentPort;

function send(message: PluginMessage): void {
  if (parentPort !== undefined) parentPort.postMessage(message);
  else process.send?.(message);
}

function onEngineMessage(listener: (message: EngineMessage) => void): void {
  if (parentPort !== undefined) parentPort.on('message', (event) => listener(event.data as EngineMessage));
  else process.on('message', listener);
}

function sectionOf(definition: Record<string, unknown>, name: keyof LoadedPlugin, method: string): Section {
  const section = definition[name];
  if (section === undefined) return {};
  if (typeof section !== 'object' || section === null) throw new Error(`"${name}" is not an object of kinds`);
  for (const [kind, value] of Object.entries(section)) {
    if (typeof (value as Record<string, unknown> | null)?.[method] !== 'function') throw new Error(`${name}.${kind} has no ${method}() function`);
  }
  return section as Section;
}

async function load(mainPath: string): Promise<LoadedPlugin> {
  const imported = (await import(pathToFileURL(mainPath).href)) as { default?: unknown };
  // CommonJS `module.exports = definePlugin(...)` arrives as default; an ES module may export either way.
  const definition = (imported.default ?? imported) as Record<string, unknown>;
  if (typeof definition !== 'object' || definition === null) throw new Error('the main module exports no plugin definition (export definePlugin({...}))');
  return {
    probes: sectionOf(definition, 'probes', 'check'),
    channels: sectionOf(definition, 'channels', 'send'),
    actions: sectionOf(definition, 'actions', 'run'),
    analysers: sectionOf(definition, 'analysers', 'analyse'),
    logParsers: sectionOf(definition, 'logParsers', 'parse'),
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<void> {
  const mainPath = process.argv[2];
  if (mainPath === undefined) throw new Error('no plugin main module given');
  let plugin: LoadedPlugin;
  try {
    plugin = await load(mainPath);
  } catch (error) {
    send({ t: 'load_failed', message: describe(error) });
    process.exitCode = 1;
    process.disconnect?.();
    return;
  }
  const running = new Map<number, AbortController>();
  onEngineMessage((raw) => {
    if (raw.t === 'ping') return send({ t: 'pong', seq: raw.seq });
    if (raw.t === 'cancel') return void running.get(raw.id)?.abort();
    const [section, method] = METHODS[raw.method];
    const kind = plugin[section][raw.kind];
    if (kind === undefined) return send({ t: 'result', id: raw.id, ok: false, message: `this plugin has no ${section.slice(0, -1)} kind "${raw.kind}"` });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), raw.timeoutMs);
    running.set(raw.id, controller);
    const context = {
      signal: controller.signal,
      timeoutMs: raw.timeoutMs,
      postJson: (url: string, body: unknown, headers: Record<string, string> = {}) => postJson(url, body, headers, controller.signal),
    };
    const args = raw.method === 'probe.check' ? [raw.options, context] : [raw.options, raw.input, context];
    Promise.resolve()
      .then(() => kind[method]!(...args))
      .then(
        (value) => send({ t: 'result', id: raw.id, ok: true, value: value ?? null }),
        (error: unknown) =>
          send({ t: 'result', id: raw.id, ok: false, message: describe(error), permanent: (error as { permanent?: unknown } | null)?.permanent === true }),
      )
      .finally(() => {
        clearTimeout(timer);
        running.delete(raw.id);
      });
  });
  // The engine going away ends the plugin: no orphan keeps running (a utility process ends with the app).
  process.on('disconnect', () => process.exit(0));
  const contributes: Contributions = {
    probes: Object.keys(plugin.probes),
    channels: Object.keys(plugin.channels),
    actions: Object.keys(plugin.actions),
    analysers: Object.keys(plugin.analysers),
    logParsers: Object.keys(plugin.logParsers),
  };
  send({ t: 'ready', contributes });
}

void main();
