/**
 * Splits a command line into argv the way a shell would split words — quotes and backslashes
 * only. Nothing is expanded and no shell runs, so a service's command can never be widened by
 * what a variable holds. Shell syntax (pipes, redirects, $(...)) is reported, not interpreted:
 * a command that needs it says `shell: true`.
 */
export type SplitResult = { ok: true; argv: string[] } | { ok: false; message: string };

const shellOperators = /[|&;<>()`]|\$\(/;

export function splitCommandLine(line: string): SplitResult {
  const argv: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else current += ch;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1] as string)) current += line[++i];
      else if (ch === '`' || (ch === '$' && line[i + 1] === '(')) return shellSyntax(ch === '`' ? '`' : '$(');
      else current += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      current += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) argv.push(current);
      current = '';
      inWord = false;
    } else {
      const rest = line.slice(i, i + 2);
      if (shellOperators.test(rest[0] as string) || rest === '$(') return shellSyntax(rest === '$(' ? '$(' : ch);
      current += ch;
      inWord = true;
    }
  }
  if (quote !== null) return { ok: false, message: `unclosed ${quote} quote` };
  if (inWord) argv.push(current);
  if (argv.length === 0) return { ok: false, message: 'the command is empty' };
  return { ok: true, argv };
}

function shellSyntax(token: string): SplitResult {
  return { ok: false, message: `"${token}" is shell syntax; add \`shell: true\` to run this command through /bin/sh, or write it as a list of arguments` };
}
