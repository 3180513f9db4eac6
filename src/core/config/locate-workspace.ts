import fs from 'node:fs';
import path from 'node:path';
import { ZervigoError } from '../../shared/errors';

export const WORKSPACE_FILE_NAME = 'zervigo.yaml';

/**
 * --workspace FILE when given (it must exist), else ./zervigo.yaml when present, else null:
 * the built-in workspace.
 */
export function locateWorkspace(flag: string | undefined, cwd: string = process.cwd()): string | null {
  if (flag !== undefined && flag !== '') {
    const resolved = path.resolve(cwd, flag);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(resolved);
    } catch {
      throw new ZervigoError(
        'not_found',
        `workspace file ${resolved} does not exist; create it (zervigo init ${flag}) or leave out --workspace to use ./${WORKSPACE_FILE_NAME}`,
      );
    }
    if (stat.isDirectory()) {
      const inside = path.join(resolved, WORKSPACE_FILE_NAME);
      if (fs.existsSync(inside)) return inside;
      throw new ZervigoError('not_found', `${resolved} is a folder without a ${WORKSPACE_FILE_NAME}`);
    }
    return resolved;
  }
  const local = path.join(cwd, WORKSPACE_FILE_NAME);
  return fs.existsSync(local) ? local : null;
}
