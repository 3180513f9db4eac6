/**
 * The messages between the engine and a plugin's process (Node IPC, JSON). One file both sides
 * import, so the engine and the SDK cannot disagree on a field. Imports nothing.
 */

/** What a plugin contributes, by kind name; the engine compares it with the manifest. */
export interface Contributions {
  probes: string[];
  channels: string[];
  actions: string[];
  analysers: string[];
  /** Absent from plugins built before log parsers. */
  logParsers?: string[];
}

/** The five things a plugin can be asked to do. */
export type CallMethod = 'probe.check' | 'channel.send' | 'action.run' | 'analyser.analyse' | 'logParser.parse';

export type EngineMessage =
  | { t: 'call'; id: number; method: CallMethod; kind: string; options: unknown; input: unknown; timeoutMs: number }
  | { t: 'cancel'; id: number }
  | { t: 'ping'; seq: number };

export type PluginMessage =
  | { t: 'ready'; contributes: Contributions }
  | { t: 'load_failed'; message: string }
  | { t: 'result'; id: number; ok: true; value: unknown }
  /** `permanent`: retrying cannot help (a channel's receiver refused the message with a 4xx). */
  | { t: 'result'; id: number; ok: false; message: string; permanent?: boolean }
  | { t: 'pong'; seq: number };
