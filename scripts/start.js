#!/usr/bin/env node
'use strict';
/**
 * `npm start [-- args]`: the desktop app when the Electron runtime can run here, otherwise the
 * headless web console (`zervigo serve`) with the same args, after one line saying why.
 *
 * The Electron binary is not part of `npm install` on every machine (its download can be
 * blocked), so it is fetched on demand, once, with a time limit; a failed try is remembered
 * for an hour under node_modules/.cache/zervigo/ so an offline `npm start` stays fast.
 * ZERVIGO_HEADLESS=1 skips all of that (CI, tests, servers).
 *
 * Plain CommonJS without dependencies: it must run before anything is built or downloaded.
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const attemptFile = path.join(root, 'node_modules', '.cache', 'zervigo', 'electron-download.json');
const RETRY_AFTER_MS = 60 * 60 * 1000;
const DOWNLOAD_TIMEOUT_MS = 60 * 1000;

/** The runtime's path when `require('electron')` names a file that exists, else null. */
function electronRuntime() {
  try {
    const entry = require.resolve('electron', { paths: [root] });
    delete require.cache[entry]; // re-read path.txt after a download
    const executable = require(entry);
    return typeof executable === 'string' && fs.existsSync(executable) ? executable : null;
  } catch {
    return null;
  }
}

function lastFailedAttempt() {
  try {
    const attempt = JSON.parse(fs.readFileSync(attemptFile, 'utf8'));
    return typeof attempt.at === 'number' && typeof attempt.reason === 'string' ? attempt : null;
  } catch {
    return null;
  }
}

function rememberFailure(reason) {
  try {
    fs.mkdirSync(path.dirname(attemptFile), { recursive: true });
    fs.writeFileSync(attemptFile, `${JSON.stringify({ at: Date.now(), reason })}\n`);
  } catch {
    // Not worth failing the start for: the next run simply tries again.
  }
}

/** "RequestError: getaddrinfo ENOTFOUND github.com\n    at ..." -> "getaddrinfo ENOTFOUND github.com". */
function shortReason(output) {
  const line = String(output)
    .split(/\r?\n/)
    .map((text) => text.trim())
    .find((text) => text !== '' && !text.startsWith('at '));
  if (line === undefined) return 'no output';
  const reason = line.replace(/^[A-Za-z]*Error:\s*/, '');
  return reason.length > 120 ? `${reason.slice(0, 117)}...` : reason;
}

/** Runs electron's own install script, quietly and time-limited. Returns null or why it failed. */
function download(installScript) {
  const result = spawnSync(process.execPath, [installScript], {
    cwd: path.dirname(installScript),
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: DOWNLOAD_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    windowsHide: true,
  });
  if (result.error !== undefined) {
    return result.error.code === 'ETIMEDOUT' ? `timed out after ${DOWNLOAD_TIMEOUT_MS / 1000} s` : shortReason(result.error.message);
  }
  if (result.status !== 0) return shortReason(result.stderr || result.stdout || `exit code ${result.status}`);
  return null;
}

function minutesAgo(at) {
  const minutes = Math.max(0, Math.round((Date.now() - at) / 60000));
  return minutes === 0 ? 'just now' : minutes === 1 ? '1 min ago' : `${minutes} min ago`;
}

/** { electron: path } or { headless: line to print }. */
function chooseRuntime() {
  const unavailable = (reason) => ({ headless: `Electron runtime not available here (${reason}); starting the headless console instead.` });
  if (process.env.ZERVIGO_HEADLESS === '1') return { headless: 'ZERVIGO_HEADLESS=1: starting the headless console instead of the desktop app.' };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return unavailable('no display: DISPLAY and WAYLAND_DISPLAY are not set');
  }
  const found = electronRuntime();
  if (found !== null) return { electron: found };

  const installScript = path.join(root, 'node_modules', 'electron', 'install.js');
  if (!fs.existsSync(installScript)) return unavailable('the electron package is not installed');
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return unavailable('not downloaded: ELECTRON_SKIP_BINARY_DOWNLOAD is set');
  const last = lastFailedAttempt();
  if (last !== null && Date.now() - last.at < RETRY_AFTER_MS) {
    return unavailable(`download failed ${minutesAgo(last.at)}: ${last.reason}; next try in an hour`);
  }
  const failure = download(installScript);
  const downloaded = failure === null ? electronRuntime() : null;
  if (downloaded !== null) {
    fs.rmSync(attemptFile, { force: true });
    return { electron: downloaded };
  }
  const reason = failure ?? 'the download finished without a runtime';
  rememberFailure(reason);
  return unavailable(`download failed: ${reason}`);
}

/** Runs the child in the foreground: signals are passed on and its exit code becomes ours. */
function run(command, commandArgs, env) {
  const child = spawn(command, commandArgs, { stdio: 'inherit', env, windowsHide: false });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    // Handling the signal keeps this process alive until the child has stopped. Ctrl+C reaches the
    // child from the terminal as well; passing it on covers `kill <pid>` (both children ignore repeats).
    process.on(signal, () => {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  child.on('error', (error) => {
    console.error(`cannot start ${command}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    process.exit(code ?? 128 + (os.constants.signals[signal] ?? 1));
  });
}

const choice = chooseRuntime();
if (choice.electron !== undefined) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // would make Electron behave as plain Node
  run(choice.electron, [root, ...args], env);
} else {
  console.log(choice.headless);
  const cli = path.join(root, 'bin', 'zervigo.js');
  if (!fs.existsSync(cli)) {
    console.error(`${path.relative(process.cwd(), cli) || cli} is missing; run npm install and npm run build first.`);
    process.exit(1);
  }
  run(process.execPath, [cli, 'serve', ...args], process.env);
}
