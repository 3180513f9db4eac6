import type { CommandMap } from '../../shared/contract/define';
import { domainOf, inputSchema } from '../../shared/openapi/openapi-document';
import { schemaRows } from '../../shared/openapi/schema-rows';

/** `help`: every command by domain with its summary. */
export function commandList(commands: CommandMap): string[] {
  const byDomain = new Map<string, string[]>();
  for (const name of Object.keys(commands).sort()) byDomain.set(domainOf(name), [...(byDomain.get(domainOf(name)) ?? []), name]);
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines: string[] = [];
  for (const [domain, names] of byDomain) {
    lines.push(`${domain}:`);
    for (const name of names) lines.push(`  ${name.padEnd(width)}  ${commands[name]?.summary ?? ''}`);
  }
  lines.push(
    '',
    'Type a command and its input as field=value (lists as a,b) or as JSON; Tab completes commands, fields and names; help COMMAND for its fields; exit or Ctrl-D to leave.',
  );
  return lines;
}

/** `help COMMAND`: its summary, routes and input fields. */
export function commandHelp(commands: CommandMap, name: string): string[] {
  const spec = commands[name];
  if (spec === undefined) return [`no command "${name}"; type help for the list`];
  const lines = [
    `${name} — ${spec.summary}`,
    `  POST /api/v1/rpc/${name}${spec.rest === undefined ? '' : `   ·   ${spec.rest.method} /api/v1${spec.rest.path}`}`,
  ];
  const extra = spec as unknown as Record<string, unknown>;
  if (typeof extra.permission === 'string') lines.push(`  needs the ${extra.permission} permission`);
  const rows = schemaRows(inputSchema(spec));
  if (rows.length === 0) {
    lines.push('  no input');
    return lines;
  }
  lines.push('  input:');
  const width = Math.max(...rows.map((row) => row.path.length));
  for (const row of rows) {
    const notes = [row.required ? 'required' : null, row.defaultValue === null ? null : `default ${row.defaultValue}`, ...row.notes].filter(
      (note) => note !== null,
    );
    lines.push(`    ${row.path.padEnd(width)}  ${row.type}${notes.length > 0 ? `  (${notes.join('; ')})` : ''}`);
  }
  const example = rows.find((row) => row.required && !row.path.includes('.') && !row.path.includes('['));
  if (example !== undefined) lines.push(`  e.g. ${name} ${example.path}=${example.type.startsWith('list') ? 'a,b' : '…'}`);
  return lines;
}
