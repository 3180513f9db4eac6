import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(entry.name) ? [full] : [];
  });
}

const importsElectron = /(?:from\s+['"]electron(?:\/[^'"]*)?['"]|require\(\s*['"]electron(?:\/[^'"]*)?['"]\s*\)|import\(\s*['"]electron(?:\/[^'"]*)?['"]\s*\))/;
const importsNode = /from\s+['"](node:[^'"]+|fs|path|os|child_process|better-sqlite3|node-pty)['"]/;

describe('architecture', () => {
  it('the engine (src/core) and the contract (src/shared) never import electron', () => {
    const offenders = [...sourceFiles(path.join(root, 'src/core')), ...sourceFiles(path.join(root, 'src/shared'))]
      .filter((file) => importsElectron.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(root, file));
    expect(offenders).toEqual([]);
  });

  it('the contract (src/shared) imports nothing from Node, so the renderer can use it', () => {
    const offenders = sourceFiles(path.join(root, 'src/shared'))
      .filter((file) => importsNode.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(root, file));
    expect(offenders).toEqual([]);
  });

  it('the check itself recognises every form of importing electron', () => {
    for (const line of [
      "import { app } from 'electron';",
      'const { app } = require("electron")',
      "await import('electron')",
      "import type { IpcMain } from 'electron/main'",
    ]) {
      expect(importsElectron.test(line)).toBe(true);
    }
    expect(importsElectron.test("import { x } from 'electron-updater'")).toBe(false);
  });
});
