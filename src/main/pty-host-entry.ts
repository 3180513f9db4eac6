/**
 * The terminals' pty host, run by Electron as a utility process: a flood of terminal output is
 * read, batched and flow-controlled here, never in the main process that owns the window.
 */
import type { FromPtyHost, ToPtyHost } from '../core/sessions/pty-protocol';
import { servePtyHost } from '../core/sessions/remote-pty-backend';

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (parentPort === undefined) throw new Error('the pty host runs as an Electron utility process (process.parentPort is missing)');

servePtyHost({
  send: (message: FromPtyHost) => parentPort.postMessage(message),
  onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as ToPtyHost)),
});
