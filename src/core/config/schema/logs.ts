import { z } from 'zod';
import { byteSize, name } from './primitives';

const format = z.enum(['auto', 'json', 'logfmt', 'syslog', 'plain']);

/** auto (stack traces, lines without a timestamp), none, or a regex that starts each entry. */
const multiline = z.union([
  z.enum(['auto', 'none']),
  z.strictObject({
    start: z.string().min(1).refine((pattern) => {
      try {
        new RegExp(pattern);
        return true;
      } catch {
        return false;
      }
    }, 'not a valid regular expression'),
  }),
]);

const fileOptions = {
  /** Where to start in a file present at startup; files that appear later are read whole. */
  from: z.enum(['start', 'end']).default('end'),
  format: format.default('auto'),
  multiline: multiline.default('auto'),
};

/** A service's `logs:` item: a path or glob, or one with options. */
export const serviceLogSchema = z.union([z.string().min(1), z.strictObject({ path: z.string().min(1), ...fileOptions })]);

/** The top-level `logs:` section: sources not tied to a service's own files, and limits. */
export const logsSchema = z.strictObject({
  files: z.array(z.strictObject({ path: z.string().min(1), service: name.optional(), ...fileOptions })).default([]),
  tmux: z.array(z.strictObject({ target: z.string().min(1), service: name.optional(), socket: z.string().min(1).optional() })).default([]),
  journal: z.union([z.boolean(), z.strictObject({ units: z.array(z.string().min(1)).default([]), service: name.optional() })]).default(false),
  /** Longer lines are cut, with a marker saying how much. */
  max_line: byteSize.default(64 * 1024),
});

export const defaultLogs = { files: [], tmux: [], journal: false, max_line: 64 * 1024 } as const;

export type ServiceLogConfig = z.infer<typeof serviceLogSchema>;
export type LogsConfig = z.infer<typeof logsSchema>;
