import fs from 'node:fs';
import path from 'node:path';

/** NAB's data layout: DIR/<category>/<file>.csv with `timestamp,value` rows (UTC). */
export interface NamedSeries {
  name: string;
  ts: number[];
  values: number[];
}

export function readNabFolder(dir: string): NamedSeries[] {
  const out: NamedSeries[] = [];
  for (const category of fs.readdirSync(dir).sort()) {
    const folder = path.join(dir, category);
    if (!fs.statSync(folder).isDirectory()) continue;
    for (const file of fs.readdirSync(folder).sort()) {
      if (file.endsWith('.csv')) out.push({ name: `${category}/${file.replace(/\.csv$/, '')}`, ...readNabFile(path.join(folder, file)) });
    }
  }
  return out;
}

function readNabFile(file: string): { ts: number[]; values: number[] } {
  const ts: number[] = [];
  const values: number[] = [];
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  for (const line of lines.slice(1)) {
    const comma = line.indexOf(',');
    if (comma < 0) continue;
    ts.push(Date.parse(`${line.slice(0, comma).trim().replace(' ', 'T')}Z`));
    values.push(Number(line.slice(comma + 1)));
  }
  return { ts, values };
}
