import { z } from 'zod';
import { formatZodError } from '../../../shared/zod-message';
import type { LogParserConfig } from '../../config/schema/logs';
import { LEVEL } from './level';
import type { LineFields, ParsedLine } from './parse-line';
import { timeFromValue } from './timestamp';

/** One batch of a plugin's log parser kind (PluginsModule.callKind('logParsers', ...)), within `timeoutMs`. */
export type LogParserCall = (
  kind: string,
  options: unknown,
  input: { service: string; source: string; lines: string[] },
  timeoutMs: number,
) => Promise<unknown>;

/** A source's lines go to its parser in batches of at most this many (one IPC round each). */
export const PARSER_BATCH_LINES = 500;
/** How long one batch may take; then its lines are read by the built-in parser. */
export const PARSER_TIMEOUT_MS = 5_000;

const Level = z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
const Line = z
  .strictObject({
    ts: z.union([z.number(), z.string().max(100)]).optional(),
    level: Level.optional(),
    message: z
      .string()
      .max(64 * 1024)
      .optional(),
    fields: z.record(z.string().max(200), z.union([z.string().max(4096), z.number(), z.boolean()])).optional(),
    continues: z.boolean().optional(),
  })
  .nullable();

/** The parser that reads one source's lines, as the pipeline uses it. */
export interface PluginLineParser {
  /** Its entry ("logs.parsers[0]"): two entries of one kind (other options) are told apart. */
  key: string;
  /** "plugin redis-log's log parser redis-log": how messages name it. */
  name: string;
  parse(lines: string[]): Promise<(ParsedLine | null)[]>;
}

/**
 * Which plugin parser, if any, reads a source's lines: the first `logs.parsers` entry naming the
 * source's service (a replica `web#2` counts as `web`) or matching its file.
 */
export function parserResolver(
  parsers: readonly (LogParserConfig & { fileTests: ((file: string) => boolean)[] })[],
  call: LogParserCall | undefined,
  now: () => number,
): (spec: { service: string; name: string; kind: string }) => PluginLineParser | null {
  if (call === undefined || parsers.length === 0) return () => null;
  return (spec) => {
    const service = spec.service.replace(/#\d+$/, '');
    const index = parsers.findIndex(
      (parser) => parser.services.includes(service) || (spec.kind === 'file' && parser.fileTests.some((matches) => matches(spec.name))),
    );
    const entry = parsers[index];
    if (entry === undefined) return null;
    const { kind, plugin, options } = entry.plugin;
    const name = `plugin ${plugin}'s log parser ${kind}`;
    return {
      key: `logs.parsers[${index}]`,
      name,
      parse: async (lines) => {
        const answer = await call(kind, options, { service: spec.service, source: spec.name, lines }, PARSER_TIMEOUT_MS);
        const parsed = z.array(Line).length(lines.length, `expected one answer per line (${lines.length})`).safeParse(answer);
        if (!parsed.success) throw new Error(`${name} answered garbage: ${formatZodError(parsed.error)}`);
        return parsed.data.map((line, i) => (line === null ? null : parsedLine(lines[i] as string, line, now())));
      },
    };
  };
}

function parsedLine(text: string, line: NonNullable<z.infer<typeof Line>>, now: number): ParsedLine {
  if (line.continues === true) return { ts: null, level: LEVEL.unknown, body: text, message: text, startsEntry: false };
  const ts = line.ts === undefined ? null : timeFromValue(line.ts);
  return {
    ts: ts === null ? null : Math.min(ts, now + 60_000),
    level: line.level === undefined ? LEVEL.unknown : LEVEL[line.level],
    body: text,
    message: line.message ?? text,
    startsEntry: true,
    ...(line.fields === undefined || Object.keys(line.fields).length === 0 ? {} : { fields: fieldsAsText(line.fields) }),
  };
}

/** Searched and shown as text: `pid: 4242` is found by field.pid:4242, `replica: true` by field.replica:true. */
function fieldsAsText(fields: Record<string, string | number | boolean>): LineFields {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) out[key] = String(value);
  return out;
}

/** A glob (`*` within a folder, `**` across folders, `?` one character) as a test of absolute paths. */
export function globTest(pattern: string): (file: string) => boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
      if (pattern[i + 1] === '/') i++;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const regex = new RegExp(`^${source}$`);
  return (file) => regex.test(file);
}
