/**
 * The messages between the engine and the pty host, which runs node-pty in the same process
 * (headless, tests) or in its own (the desktop's utility process), so a flood of output never
 * stalls the process that owns the window.
 */
export interface PtySpawn {
  id: string;
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  cols: number;
  rows: number;
}

export type ToPtyHost =
  | { type: 'spawn'; spawn: PtySpawn }
  | { type: 'write'; id: string; data: string }
  | { type: 'resize'; id: string; cols: number; rows: number }
  | { type: 'pause'; id: string }
  | { type: 'resume'; id: string }
  | { type: 'kill'; id: string };

export type FromPtyHost =
  | { type: 'spawned'; id: string; pid: number }
  | { type: 'data'; id: string; data: string }
  | { type: 'exit'; id: string; code: number | null; signal: number | null }
  | { type: 'error'; id: string; message: string };

/** Output is handed on every ~16 ms (a frame) or at 200 KB, whichever comes first. */
export const BATCH_MS = 16;
export const BATCH_CHARS = 200 * 1024;

/** The engine side of the host, whatever process it runs in. */
export interface PtyBackend {
  send(message: ToPtyHost): void;
  onMessage(listener: (message: FromPtyHost) => void): () => void;
  dispose(): void;
}
