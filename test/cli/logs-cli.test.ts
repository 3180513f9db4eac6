import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine';
import { silentLogger } from '../../src/core/logger';
import { assertBuilt, cliBin, runCli, stopProcess } from '../helpers/cli';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A console (engine) that has read a log file into a data folder. */
async function consoleWithLogs() {
  const dir = tempDir();
  const dataDir = path.join(dir, 'data');
  const logFile = writeFile(dir, 'api.log', '');
  const workspace = writeFile(dir, 'zervigo.yaml', 'version: 1\nservices:\n  api:\n    logs: [./api.log]\n');
  const engine = Engine.start({ dataDir, workspacePath: workspace, shell: 'server', logger: silentLogger, processEnv: {} });
  cleanups.push(() => engine.stop());
  const write = async (lines: string[]): Promise<void> => {
    fs.appendFileSync(logFile, `${lines.join('\n')}\n`);
    engine.logs.pump();
    await engine.logs.settled();
  };
  return { engine, dataDir, write };
}

describe('zervigo logs', () => {
  it('searches the store with fields, phrases and context, newest last', async () => {
    const { dataDir, write } = await consoleWithLogs();
    await write(['INFO starting', 'ERROR connection reset by peer', 'INFO retrying', 'WARN slow query took 900ms', 'ERROR connection refused']);
    const result = runCli(['-d', dataDir, 'logs', 'search', 'level:error', '"connection reset"', '-C', '1']);
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^ {2}\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} INFO {2}api {2}INFO starting$/);
    expect(lines[1]).toMatch(/^> .* ERROR api {2}ERROR connection reset by peer$/);
    expect(lines[2]).toContain('INFO retrying');
    expect(lines[3]).toBe('--');
    expect(runCli(['-d', dataDir, 'logs', 'search', 'nosuchword']).stderr).toContain('no lines match');
  });

  it('prints error rates per service and the top patterns', async () => {
    const { dataDir, write } = await consoleWithLogs();
    await write([
      'ERROR payment 1 declined',
      'ERROR payment 2 declined',
      'INFO served in 3 ms',
      'INFO served in 4 ms',
      'INFO served in 5 ms',
      'WARN disk at 91%',
    ]);
    const result = runCli(['-d', dataDir, 'logs', 'stats', '--since', '1h']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/SERVICE\s+LINES\s+ERRORS\s+WARNINGS\s+SPAN\s+LINES\/MIN\s+ERRORS\/MIN\s+ERROR %/);
    // All within a second: the rates are over one minute (the shortest span), not over the hour asked for.
    expect(result.stdout).toMatch(/api\s+6\s+2\s+1\s+\S+\s+6\.00\s+2\.00\s+33\.3%/);
    expect(result.stdout).toMatch(/\d+\s+api\s+info\s+3\s+3\s+.*served in <\*> ms/);
    expect(result.stdout).toMatch(/\d+\s+api\s+error\s+2\s+2\s+.*payment <\*> declined/);
  });

  it('follows the store, printing lines as the running console stores them', async () => {
    assertBuilt();
    const { dataDir, write } = await consoleWithLogs();
    await write(['INFO before the tail']);
    const tail = spawn(process.execPath, [cliBin, '-d', dataDir, 'logs', 'tail', 'service:api', '-n', '1', '--interval', '100'], {
      env: { ...process.env, ZERVIGO_LOG_LEVEL: 'silent' },
    });
    cleanups.push(() => stopProcess(tail));
    let output = '';
    tail.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => output.includes('INFO before the tail'), { what: 'the newest line', timeoutMs: 10_000 });
    await write(['ERROR written while tailing']);
    await waitFor(() => output.includes('ERROR written while tailing'), { what: 'the new line', timeoutMs: 10_000 });
  });
});
