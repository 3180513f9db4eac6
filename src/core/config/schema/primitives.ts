import { z } from 'zod';
import { parseByteSize } from '../../../shared/byte-size';
import { DURATION_PATTERN, parseDuration } from '../../../shared/duration';
import { splitCommandLine } from '../argv';

/** "5s", "10m", "1h30m" -> milliseconds. A bare number is refused: the unit is never guessed. */
export const duration = z
  .string({ error: (issue) => (typeof issue.input === 'number' ? `write a unit, e.g. "${issue.input}s"` : 'expected a duration like 500ms, 5s, 10m or 1h') })
  .transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration; write e.g. 500ms, 5s, 10m, 1h` });
      return z.NEVER;
    }
    return ms;
  })
  .meta({ title: 'duration: 500ms, 5s, 10m, 1h, 7d or combined like 1h30m', pattern: `^${DURATION_PATTERN}$`, examples: ['5s', '10m', '1h'] });

/** "1MiB", "500KB", or a number of bytes. */
export const byteSize = z
  .union([
    z.number().int().nonnegative(),
    z
      .string()
      .transform((text, ctx) => {
        const bytes = parseByteSize(text);
        if (bytes === null) {
          ctx.addIssue({ code: 'custom', message: `"${text}" is not a size; write e.g. 512KB, 1MiB, 2GB` });
          return z.NEVER;
        }
        return bytes;
      })
      .meta({ pattern: '^\\s*\\d+(?:\\.\\d+)?\\s*(?:[kmgKMG]i?[bB]|[bB])?\\s*$' }),
  ])
  .meta({ title: 'size: 512KB, 1MiB, 2GB, or a number of bytes', examples: ['1MiB', '512KB'] });

/** A command as a string (split into words, never given to a shell unless asked) or an argv list. */
export const commandLine = z.union([z.string().min(1, 'the command is empty'), z.array(z.string()).min(1, 'the command is empty')]).meta({
  title: 'command: a line split into words (no shell unless shell: true), or a list of arguments',
  examples: ['node server.js', ['pg_isready', '-h', '127.0.0.1']],
});

export type CommandLine = z.infer<typeof commandLine>;

/** Turns a command into argv; when `shell` is set, the string is given to /bin/sh -c as written. */
export function toArgv(command: CommandLine, shell: boolean): { ok: true; argv: string[] } | { ok: false; message: string } {
  if (shell) return { ok: true, argv: ['/bin/sh', '-c', Array.isArray(command) ? command.join(' ') : command] };
  if (Array.isArray(command)) return { ok: true, argv: command };
  return splitCommandLine(command);
}

/** Environment values may be written as numbers or booleans in YAML; processes see strings. */
export const envValue = z
  .union([z.string(), z.number(), z.boolean()])
  .transform((value) => String(value))
  .meta({ title: 'a string, number or boolean (processes see text)' });

export const name = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'names use letters, digits, "-", "_" and "." and start with a letter or digit')
  .meta({ title: 'name: letters, digits, "-", "_", "."' });

export const labelSet = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'label names are [A-Za-z_][A-Za-z0-9_]*'), z.string());

export const hostPort = z
  .string()
  .regex(/^(\[[0-9a-fA-F:]+\]|[^\s:]+):\d{1,5}$/, 'expected host:port, e.g. 127.0.0.1:6379')
  .meta({ title: 'host:port', examples: ['127.0.0.1:6379'] });
