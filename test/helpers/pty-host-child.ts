/** A pty host in a child process of the test, over Node's IPC channel (the desktop uses a utility process). */
import { servePtyHost } from '../../src/core/sessions/remote-pty-backend';
import type { FromPtyHost, ToPtyHost } from '../../src/core/sessions/pty-protocol';

servePtyHost({
  send: (message: FromPtyHost) => process.send?.(message),
  onMessage: (listener) => process.on('message', (message) => listener(message as ToPtyHost)),
});
process.on('disconnect', () => process.exit(0));
