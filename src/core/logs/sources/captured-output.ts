import fs from 'node:fs';
import path from 'node:path';

/**
 * Why `file` is not read as a `logs:` file, or null: a file in the folder Zervigo writes services'
 * captured output to is that output again (`<data>/services/api.log`, and `api.log.1` after a
 * rotation), and the output itself is already stored. Compared after resolving symlinks, so a
 * link to the file, or another spelling of the folder, is caught too.
 */
export function capturedOutputOf(file: string, capturedOutputDir: string | undefined): string | null {
  if (capturedOutputDir === undefined) return null;
  const real = realPath(file);
  if (path.dirname(real) !== realPath(capturedOutputDir)) return null;
  const service = path.basename(real).replace(/\.log(\.\d+)?$/, '');
  return `Zervigo's own copy of ${service}'s output: its lines are stored once, from the output itself`;
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}
