import fs from 'node:fs';
import path from 'node:path';

/**
 * The built web console (out/renderer). From the bundled CLI (out/cli) it is a sibling; from
 * sources (tests) it is under the repository's out/. Null when it has not been built.
 */
export function locateRendererDir(from: string = __dirname): string | null {
  const candidates = [path.resolve(from, '..', 'renderer'), path.resolve(from, '..', '..', 'out', 'renderer')];
  for (const candidate of candidates) {
    if (path.basename(path.dirname(candidate)) === 'out' && fs.existsSync(path.join(candidate, 'index.html'))) return candidate;
  }
  return null;
}
