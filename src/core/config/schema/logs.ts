import { z } from 'zod';
import { byteSize, name } from './primitives';
import { describeInputAs } from './input-form';
import { writtenWithKindKey } from './plugin-kind-entry';
import { pluginProbeOptions } from './probe';

const format = z.enum(['auto', 'json', 'logfmt', 'syslog', 'plain']);

/** auto (stack traces, lines without a timestamp), none, or a regex that starts each entry. */
const multiline = z.union([
  z.enum(['auto', 'none']),
  z.strictObject({
    start: z
      .string()
      .min(1)
      .refine((pattern) => {
        try {
          new RegExp(pattern);
          return true;
        } catch {
          return false;
        }
      }, 'not a valid regular expression')
      .describe('A regular expression that matches the first line of each entry.'),
  }),
]);

const fileOptions = {
  /** Where to start in a file present at startup; files that appear later are read whole. */
  from: z.enum(['start', 'end']).default('end').describe('Where to start in a file present at startup: its end (default) or what is already there.'),
  format: format.default('auto').describe('How lines are parsed: auto (JSON, logfmt, syslog, access logs, plain), or one of them.'),
  multiline: multiline.default('auto').describe('How lines join into entries: auto (stack traces, lines without a timestamp), none, or { start: regex }.'),
};

/** A service's `logs:` item: a path or glob, or one with options. */
export const serviceLogSchema = z.union([
  z.string().min(1),
  z.strictObject({ path: z.string().min(1).describe('A path or glob, relative to the workspace file.'), ...fileOptions }),
]);

/**
 * A log parser a plugin contributes, written `- <kind>: {options}` (the parser moves the kind key
 * into `plugin`), with the services and files whose lines it reads.
 */
const logParserFields = {
  services: z.array(name).max(100).default([]).describe("Services whose lines it reads (their output and log files; a replica's too)."),
  files: z
    .array(z.string().min(1))
    .max(100)
    .default([])
    .describe('Log files (paths or globs with * and **, relative to the workspace file) whose lines it reads.'),
};
const logParserSchema = describeInputAs(
  z
    .strictObject({ plugin: pluginProbeOptions.describe('The log parser kind and its options, written `- <kind>: {options}`.'), ...logParserFields })
    .refine((entry) => entry.services.length + entry.files.length > 0, { message: 'say which lines it reads: services, files or both' }),
  writtenWithKindKey('log parser', logParserFields),
);
export type LogParserConfig = z.infer<typeof logParserSchema>;

/** The top-level `logs:` section: sources not tied to a service's own files, and limits. */
export const logsSchema = z.strictObject({
  files: z
    .array(
      z.strictObject({
        path: z.string().min(1).describe('A path or glob.'),
        service: name.optional().describe('The service its lines belong to.'),
        ...fileOptions,
      }),
    )
    .default([])
    .describe("Log files not tied to a service's own logs: { path, service, from, format, multiline }."),
  tmux: z
    .array(
      z.strictObject({
        target: z.string().min(1).describe('The pane: "session:window.pane".'),
        service: name.optional().describe('The service its lines belong to.'),
        socket: z.string().min(1).optional().describe('The tmux server (tmux -L).'),
      }),
    )
    .default([])
    .describe('tmux panes whose output is read (pipe-pane into a FIFO).'),
  journal: z
    .union([
      z.boolean(),
      z.strictObject({
        units: z.array(z.string().min(1)).default([]).describe('systemd units to follow (none: all).'),
        service: name.optional().describe('The service its lines belong to.'),
      }),
    ])
    .default(false)
    .describe('The systemd journal (journalctl -f -o json, resumed by cursor): true, or { units, service }.'),
  parsers: z
    .array(logParserSchema)
    .max(50)
    .default([])
    .describe('Log parsers contributed by plugins (`- <kind>: {options}` with services and/or files): they read those lines instead of the built-in parser.'),
  /** Longer lines are cut, with a marker saying how much. */
  max_line: byteSize.prefault('64KiB').describe('Longer lines are cut, with a marker saying how much.'),
});

export const defaultLogs = { files: [], tmux: [], journal: false, parsers: [], max_line: 64 * 1024 } as const;
