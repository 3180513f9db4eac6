import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli';
import { tempDir } from '../helpers/temp-dir';

/**
 * Bad workspace input must not cost memory for good: 2,000 different invalid workspaces
 * (misspelt keys with did-you-mean, bad expressions, deep nesting, alias bombs, control
 * characters, invalid UTF-8), half through workspace.validate and half as hot-reloaded files.
 * Retaining only each one's issues would grow the heap by about 10 MB; retaining the texts, more.
 * Measured in a child process with --expose-gc, after full collections, from a warmed-up start.
 */
const ROUNDS = 2_000;
const ALLOWED_GROWTH = 2 * 1024 * 1024;

function runFixture(dir: string): Promise<{ rounds: number; before: number; after: number; growth: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(__dirname, 'fixtures', 'validate-many.ts'), dir, String(ROUNDS)], {
      cwd: repoRoot,
      env: { ...process.env, ZERVIGO_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`the fixture exited with ${code}:\n${err}`));
      resolve(JSON.parse(out.trim()) as { rounds: number; before: number; after: number; growth: number });
    });
  });
}

describe('validating many invalid workspaces', () => {
  it(`keeps memory bounded: heap growth over ${ROUNDS} invalid texts stays under ${ALLOWED_GROWTH / 1024 / 1024} MiB`, async () => {
    const result = await runFixture(tempDir());
    expect(result.rounds).toBe(ROUNDS);
    expect(result.growth).toBeLessThan(ALLOWED_GROWTH);
  }, 180_000);
});
