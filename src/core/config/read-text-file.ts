import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import { oversizeMessage } from './input-limits';

/** Where a problem is, when it is inside the file (1-based, like an editor). */
export interface TextFileProblem {
  message: string;
  line: number;
  col: number;
  /** The file is not there (an editor replacing it leaves such a moment). */
  missing: boolean;
}

export type TextFileRead = { ok: true; text: string } | { ok: false; problem: TextFileProblem };

// O_NONBLOCK: opening a FIFO put where the file was must not wait forever for a writer.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/**
 * Reads a text file that came from a person (workspace, imported project, batch file), refusing
 * what is not one before reading it whole: a folder, a FIFO or device, a file over `limit`
 * (checked on its size, then again while reading, in case it grows), a file Zervigo may not
 * read, and bytes that are not UTF-8 (the first bad byte is located).
 */
export function readTextFile(file: string, limit: number, what = file): TextFileRead {
  const fail = (message: string, at: { line: number; col: number } = { line: 1, col: 1 }, missing = false): TextFileRead => ({
    ok: false,
    problem: { message, ...at, missing },
  });
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (error) {
    return fail(openFailure(what, error as NodeJS.ErrnoException), undefined, (error as NodeJS.ErrnoException).code === 'ENOENT');
  }
  let buffer: Buffer;
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) return fail(`${what} is a folder, not a file`);
    if (!stat.isFile()) return fail(`${what} is not a regular file (a FIFO, socket or device); give the path of a file`);
    if (stat.size > limit) return fail(oversizeMessage(what, stat.size, limit));
    buffer = Buffer.allocUnsafe(Math.min(limit + 1, Math.max(stat.size, 64 * 1024) + 1));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > limit) return fail(oversizeMessage(what, null, limit));
        buffer = Buffer.concat([buffer, Buffer.alloc(Math.min(limit + 1, buffer.length * 2) - length)]);
      }
      const read = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > limit) return fail(oversizeMessage(what, null, limit));
    buffer = buffer.subarray(0, length);
  } catch (error) {
    return fail(`cannot read ${what}: ${describeErrno(error as NodeJS.ErrnoException)}`);
  } finally {
    fs.closeSync(fd);
  }
  if (!isUtf8(buffer)) {
    const bad = firstInvalidUtf8Byte(buffer);
    return fail(
      `${what} is not UTF-8 text: byte 0x${(buffer[bad] ?? 0).toString(16).toUpperCase().padStart(2, '0')} cannot start or continue a character (is it a binary file?)`,
      positionOf(buffer, bad),
    );
  }
  return { ok: true, text: buffer.toString('utf8') };
}

function openFailure(what: string, error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return `${what} does not exist`;
    case 'EACCES':
    case 'EPERM':
      return `Zervigo may not read ${what} (permission denied); let the user running Zervigo read it`;
    case 'ENOTDIR':
      return `${what} does not exist (a part of its path is a file, not a folder)`;
    default:
      return `cannot open ${what}: ${describeErrno(error)}`;
  }
}

function describeErrno(error: NodeJS.ErrnoException): string {
  return error.code ?? error.message;
}

/** The first byte where decoding goes wrong: every character before it decodes to itself. */
function firstInvalidUtf8Byte(buffer: Buffer): number {
  const text = buffer.toString('utf8');
  let offset = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    // U+FFFD written in the file is EF BF BD; anything else decoded to it was a bad sequence.
    if (char === '\uFFFD' && !(buffer[offset] === 0xef && buffer[offset + 1] === 0xbf && buffer[offset + 2] === 0xbd)) return offset;
    offset += size;
  }
  return Math.min(offset, buffer.length - 1);
}

function positionOf(buffer: Buffer, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = buffer.indexOf(0x0a); i !== -1 && i < offset; i = buffer.indexOf(0x0a, i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  // Columns count characters, as editors do.
  return { line, col: buffer.subarray(lineStart, offset).toString('utf8').length + 1 };
}
