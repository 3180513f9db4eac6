import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the development half of NAB lives: `ZERVIGO_NAB_DIR`, else `../shared/nab` beside the
 * checkout (the layout of the main checkout), else /work/shared/nab. It is not part of the repository.
 */
export function nabDir(): string | undefined {
  const candidates = [
    process.env.ZERVIGO_NAB_DIR,
    path.resolve(__dirname, '../../../shared/nab'),
    '/work/shared/nab',
  ].filter((dir): dir is string => dir !== undefined && dir !== '');
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'labels', 'combined_windows.json')));
}
