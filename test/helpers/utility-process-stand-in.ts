import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PluginUtilityProcess, UtilityFork } from '../../src/main/utility-plugin-launcher';
import { writeFile } from './temp-dir';

/**
 * A stand-in for Electron's `utilityProcess.fork` (no Electron binary runs here), behaving as
 * Electron documents it: the object comes back at once, 'spawn' when the process is up (pid
 * undefined before and after), postMessage/'message' carry structured-clone values, 'exit' gives a
 * code (no signal), stdout/stderr are streams with stdio 'pipe', and kill() is SIGTERM on POSIX.
 * Inside, the module sees process.parentPort (on('message', ({ data }) => …), postMessage): a real
 * Node process runs the module behind a small wrapper that provides it over Node's own channel.
 */
export function utilityProcessStandIn(): UtilityFork & { forked: { modulePath: string; serviceName: string }[] } {
  // Kept for the whole file's tests (tempDir's folders go after each test), removed at exit.
  const wrapperDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-utility-stand-in-'));
  process.once('exit', () => fs.rmSync(wrapperDir, { recursive: true, force: true }));
  const wrapper = writeFile(
    wrapperDir,
    'parent-port.cjs',
    `const [node, , modulePath, ...args] = process.argv;
process.argv = [node, modulePath, ...args];
// A utility process has no process.send: only the port reaches the main process.
const send = process.send.bind(process);
process.send = undefined;
const port = {
  on(event, listener) { if (event === 'message') process.on('message', (data) => listener({ data })); return port; },
  postMessage(message) { send(message); },
};
Object.defineProperty(process, 'parentPort', { value: port });
require(modulePath);
`,
  );
  const forked: { modulePath: string; serviceName: string }[] = [];
  const standIn = (modulePath: string, args: string[], options: Parameters<UtilityFork>[2]): PluginUtilityProcess => {
    forked.push({ modulePath, serviceName: options.serviceName });
    // The wrapper must be readable under the permission model the plugin runs with.
    const permitted = options.execArgv.some((flag) => flag.startsWith('--experimental-permission') || flag === '--permission');
    const child = fork(wrapper, [modulePath, ...args], {
      cwd: options.cwd,
      env: options.env,
      execArgv: permitted ? [...options.execArgv, `--allow-fs-read=${wrapperDir}`] : options.execArgv,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    const events = new EventEmitter();
    let spawned = false;
    child.on('spawn', () => {
      spawned = true;
      events.emit('spawn');
    });
    child.on('message', (message) => events.emit('message', message));
    child.on('exit', (code, signal) => events.emit('exit', code ?? 128 + (signal === null ? 0 : (os.constants.signals[signal] ?? 0))));
    return {
      get pid() {
        return spawned && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
      },
      stdout: child.stdout,
      stderr: child.stderr,
      postMessage: (message: unknown) => void child.send(message as object),
      on: ((event: string, listener: Parameters<EventEmitter['on']>[1]) => events.on(event, listener)) as PluginUtilityProcess['on'],
      kill: () => child.kill('SIGTERM'),
    };
  };
  return Object.assign(standIn, { forked });
}
