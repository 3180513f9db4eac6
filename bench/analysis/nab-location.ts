import path from 'node:path';

/**
 * The development half of NAB in the repository (test/fixtures/nab: data, windows, profiles and
 * the published results of ARTime, numenta and windowedGaussian), or another folder in NAB's
 * layout named by `ZERVIGO_NAB_DIR`.
 */
export function nabDir(): string {
  const fromEnv = process.env.ZERVIGO_NAB_DIR;
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : path.resolve(__dirname, '../../test/fixtures/nab');
}
