import fs from 'node:fs';
import path from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, tightenMode } from '../private-files';

/** A service's output file is rotated once it passes this size, when the service next starts. */
export const LOG_ROTATE_BYTES = 16 * 1024 * 1024;

/** The folder of the services' output files: <dataDir>/services. */
export function serviceLogDir(dataDir: string): string {
  return path.join(dataDir, 'services');
}

/** The file a service's stdout and stderr go to: <dataDir>/services/<name>.log. */
export function serviceLogFile(logDir: string, service: string): string {
  return path.join(logDir, `${service}.log`);
}

/**
 * Opens the file for appending, moving an oversized one to <file>.1 first. Output can carry
 * secrets a service prints: the file is its owner's only, like the rest of the data folder.
 */
export function openLogFile(file: string): fs.WriteStream {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
  try {
    if (fs.statSync(file).size > LOG_ROTATE_BYTES) fs.renameSync(file, `${file}.1`);
  } catch {
    // no file yet
  }
  tightenMode(file, PRIVATE_FILE_MODE);
  return fs.createWriteStream(file, { flags: 'a', mode: PRIVATE_FILE_MODE });
}

/** The last `count` lines of a file, reading only its end. */
export function tailLines(file: string, count: number, maxBytes = 1024 * 1024): string[] {
  let handle: number;
  try {
    handle = fs.openSync(file, 'r');
  } catch {
    return [];
  }
  try {
    const size = fs.fstatSync(handle).size;
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    fs.readSync(handle, buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    // A partial first line (cut by maxBytes) is dropped.
    if (length < size) lines.shift();
    return lines.slice(-count);
  } finally {
    fs.closeSync(handle);
  }
}
