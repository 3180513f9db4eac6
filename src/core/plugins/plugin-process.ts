import type { EngineMessage } from '../../plugin-sdk/protocol';

/** What a plugin's process is started from: the runtime entry, the plugin's main module and its limits. */
export interface PluginLaunch {
  /** The runtime entry (plugin-host), which loads `args[0]`, the plugin's main module. */
  file: string;
  args: string[];
  cwd: string;
  /** The memory cap and Node's permission flags from the manifest's capabilities. */
  execArgv: string[];
  env: Record<string, string>;
  /** How the process is named where the platform shows one (Electron's task manager). */
  serviceName: string;
}

/**
 * A plugin's running process as PluginHost sees it: one protocol (plugin-sdk/protocol.ts) over
 * whichever channel the launcher made: a forked Node process's IPC channel (headless), or an
 * Electron utility process's port (the desktop app, src/main/utility-plugin-launcher.ts).
 */
export interface PluginProcess {
  readonly pid: number | null;
  /** Not yet ended (it may still be starting). */
  readonly running: boolean;
  /** Sends one message; `onUndelivered` hears when the channel refused it. */
  send(message: EngineMessage, onUndelivered?: (error: Error) => void): void;
  onMessage(listener: (message: unknown) => void): void;
  onOutput(listener: (stream: 'stdout' | 'stderr', chunk: Buffer) => void): void;
  /** It could not be started or failed in a way that is not an exit. */
  onError(listener: (error: Error) => void): void;
  /** Once, when it ended and its output has been read to the end (so a reason can quote it). */
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  /** Ends it at once (SIGKILL) and stops hearing it; false when there was nothing to end. */
  kill(): boolean;
  /** Resolves once the process has exited (at once if it has), without waiting for its output. */
  exited(): Promise<void>;
}

/** Starts a plugin's process: the port through which the engine's shell says how (core never imports electron). */
export type PluginLauncher = (launch: PluginLaunch) => PluginProcess;
