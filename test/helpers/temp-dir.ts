import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

const created: string[] = [];

afterEach(() => {
  // Retried (Node retries ENOTEMPTY and EBUSY with a linear back-off): an engine whose start was
  // refused gives its log writer thread a close it does not wait for, and that thread may still be
  // opening its SQLite file (creating -wal and -shm) while the folder is being removed.
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
});

/** A fresh folder removed after the test. */
export function tempDir(prefix = 'zervigo-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function writeFile(dir: string, name: string, content: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}
