import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSeries } from '../../bench/analysis/nab-corpus';
import { sweepResults } from '../../bench/analysis/nab-results';
import { detectSeries } from '../../bench/analysis/nab-run';
import { scoreCorpus, sweepFile } from '../../bench/analysis/nab-scorer';
import { nabTimestampMs } from '../../bench/analysis/nab-corpus';
import { repoRoot } from '../helpers/cli';
import { tempDir, writeFile } from '../helpers/temp-dir';

/** A small corpus in NAB's layout: two categories, a spike in one file, a bad value in another. */
function corpus(dir: string): { data: string; windowsFile: string } {
  const data = path.join(dir, 'data');
  const rows = (count: number, value: (i: number) => string): string =>
    [
      'timestamp,value',
      ...Array.from({ length: count }, (_, i) => `${new Date(Date.UTC(2024, 0, 1) + i * 300_000).toISOString().replace('T', ' ').slice(0, 19)},${value(i)}`),
    ].join('\n');
  writeFile(
    data,
    'catA/spiky.csv',
    rows(600, (i) => (i === 500 ? '90' : String(10 + (i % 7)))),
  );
  writeFile(
    data,
    'catB/flat.csv',
    rows(400, (i) => (i === 200 ? 'nan' : '3.5')),
  );
  const windowsFile = writeFile(
    dir,
    'windows.json',
    JSON.stringify({ 'catA/spiky.csv': [['2024-01-02 17:05:00.000000', '2024-01-02 17:55:00.000000']], 'catB/flat.csv': [] }),
  );
  return { data, windowsFile };
}

describe('npm run bench analysis -- --nab-data DIR --results OUT --windows FILE', () => {
  it("writes NAB's results layout with the detector's scores, and npm passes the arguments through", () => {
    const dir = tempDir();
    const { data, windowsFile } = corpus(dir);
    const out = path.join(dir, 'results');
    const run = spawnSync('npm', ['run', '--silent', 'bench', 'analysis', '--', '--nab-data', data, '--results', out, '--windows', windowsFile], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/wrote 2 files \(1000 rows\)/);

    const spiky = fs
      .readFileSync(path.join(out, 'zervigo', 'catA', 'zervigo_spiky.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(spiky[0]).toBe('timestamp,value,anomaly_score,label');
    expect(spiky).toHaveLength(601);
    expect(spiky[1]).toBe('2024-01-01 00:00:00,10,0,0');
    const labelled = spiky.slice(1).filter((line) => line.endsWith(',1')).length;
    expect(labelled).toBe(11);
    expect(Number(spiky[501]?.split(',')[2])).toBeGreaterThanOrEqual(0.99);
    const flat = fs
      .readFileSync(path.join(out, 'zervigo', 'catB', 'zervigo_flat.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(flat).toHaveLength(401);
    expect(flat[201]).toBe('2024-01-01 16:40:00,nan,0,0');

    // Scored from the files or from the detector directly: the same numbers.
    const windows = JSON.parse(fs.readFileSync(windowsFile, 'utf8')) as Record<string, Array<[string, string]>>;
    const cost = { tpWeight: 1, fnWeight: 1, fpWeight: 0.11 };
    const fromFiles = scoreCorpus(sweepResults(out, 'zervigo', ['catA/spiky.csv', 'catB/flat.csv'], windows), cost);
    const direct = scoreCorpus(
      ['catA/spiky.csv', 'catB/flat.csv'].map((key) => {
        const series = readSeries(data, key);
        const bounds = (windows[key] ?? []).map(([a, b]) => [nabTimestampMs(a), nabTimestampMs(b)] as [number, number]);
        return sweepFile(key, series.timestamps.map(nabTimestampMs), detectSeries(series).scores, bounds);
      }),
      cost,
    );
    expect(fromFiles).toEqual(direct);
  });

  it('refuses an unknown flag with the usage, instead of running the default', () => {
    const run = spawnSync('npm', ['run', '--silent', 'bench', 'analysis', '--', '--nab-dta', '/tmp'], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(
      /unexpected argument "--nab-dta"; usage: npm run bench analysis \[-- --only nab\|cost\|rate\] \[--baseline DIR\] or -- --nab-data DIR --results OUT \[--windows FILE\]/,
    );
  });
});
