import { stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { byteSize, duration } from '../../config/schema';
import { failed, passed, since, type ProbeSample } from '../check-result';
import { formatSpan } from '../format-span';
import type { ProbeKind } from '../probe-kind';

const fileTarget = z.strictObject({
  path: z.string().min(1).describe('The file, relative to the service folder.'),
  max_age: duration.optional().describe('Fails when the file was last written longer ago than this (a backup, a heartbeat file, an export).'),
  min_size: byteSize.optional().describe('Fails when the file is smaller than this (an empty dump).'),
  max_size: byteSize.optional().describe('Fails when the file is larger than this (a log nobody rotates).'),
});
const fileOptions = z.union([z.string().min(1), fileTarget]);
type FileOptions = z.output<typeof fileOptions>;

/**
 * A file on disk: `file: backups/db.sql.gz` passes while it exists; `max_age` asks that it was
 * written recently, `min_size`/`max_size` that its size is within bounds. Reports the file's age
 * and size as samples (probe_file_age_seconds, probe_file_size_bytes), so rules can alert ahead.
 */
export const fileProbe: ProbeKind<FileOptions> = {
  kind: 'file',
  summary: 'A file on disk: passes while it exists (and, with max_age, min_size, max_size, is fresh and of a sane size).',
  schema: fileOptions,
  expects: [],
  describe: (options) => (typeof options === 'string' ? options : options.path),
  createCheck: (options, context) => {
    const target = typeof options === 'string' ? { path: options } : options;
    const file = path.resolve(context.service.dir, target.path);
    return async () => {
      const started = performance.now();
      let info: { mtimeMs: number; size: number; isFile(): boolean };
      try {
        info = await stat(file);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return failed(code === 'ENOENT' ? `no file ${file}` : `cannot read ${file}: ${(error as Error).message}`, since(started));
      }
      if (!info.isFile()) return failed(`${file} is not a regular file`, since(started));
      // File times are wall-clock times, so the age is measured against the wall clock.
      const ageMs = Math.max(0, Date.now() - info.mtimeMs);
      const samples: ProbeSample[] = [
        { name: 'probe_file_age_seconds', value: ageMs / 1000 },
        { name: 'probe_file_size_bytes', value: info.size },
      ];
      const problem =
        target.max_age !== undefined && ageMs > target.max_age
          ? `last written ${formatSpan(ageMs)} ago, longer than max_age ${formatSpan(target.max_age)}`
          : target.min_size !== undefined && info.size < target.min_size
            ? `${info.size} bytes, smaller than min_size ${target.min_size}`
            : target.max_size !== undefined && info.size > target.max_size
              ? `${info.size} bytes, larger than max_size ${target.max_size}`
              : null;
      return problem === null ? passed(since(started), samples) : failed(`${target.path}: ${problem}`, since(started), samples);
    };
  },
};
