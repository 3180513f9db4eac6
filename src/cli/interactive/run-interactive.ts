import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { commands } from '../../shared/contract';
import type { CommandMap } from '../../shared/contract/define';
import { ZervigoError } from '../../shared/errors';
import { inputSchema } from '../../shared/openapi/openapi-document';
import type { JsonSchema } from '../../shared/openapi/openapi-types';
import type { AlertView } from '../../shared/types/alerts';
import type { ProbeState } from '../../shared/types/monitoring';
import type { ServiceView } from '../../shared/types/service';
import type { WorkspaceView } from '../../shared/types/workspace';
import type { ServerClient } from '../server-client';
import { commandHelp, commandList } from './command-help';
import { parseCommandLine } from './command-line';
import { complete, type WorkspaceNames } from './completions';

export const HISTORY_FILE_NAME = 'interactive-history';
const HISTORY_SIZE = 1_000;

/**
 * `zervigo interactive`: a shell over every contract command of a running console. Each line
 * is one command (`services.restart services=api`), sent to POST /api/v1/rpc/<command> and
 * validated there like any other call; the answer is printed as JSON. Completion knows the
 * commands, their input fields and the workspace's names; history is kept in the data folder.
 * Returns the exit code: 0, or 1 when a command failed and nobody was at the terminal (a script).
 */
export async function runInteractive(
  client: ServerClient,
  dataDir: string,
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; terminal: boolean },
): Promise<number> {
  const map: CommandMap = commands;
  const names = Object.keys(map).sort();
  const schemas = new Map<string, JsonSchema>();
  const schemaOf = (name: string): JsonSchema | undefined => {
    const spec = map[name];
    if (spec === undefined) return undefined;
    if (!schemas.has(name)) schemas.set(name, inputSchema(spec));
    return schemas.get(name);
  };
  const workspace = await client.call<WorkspaceView>('GET', '/workspace', undefined, { timeoutMs: 5_000 });
  const known: WorkspaceNames = { services: [], probes: [], alerts: [], channels: [] };
  const refreshNames = async (): Promise<void> => {
    const [services, probes, alerts, channels] = await Promise.all([
      client.call<ServiceView[]>('GET', '/services'),
      client.call<ProbeState[]>('GET', '/probes'),
      client.call<AlertView[]>('GET', '/alerts'),
      client.call<{ name: string }[]>('GET', '/channels'),
    ]);
    known.services = services.map((service) => service.name);
    known.probes = probes.map((probe) => probe.id);
    known.alerts = alerts.map((alert) => ({ fingerprint: alert.fingerprint, alertname: alert.alertname }));
    known.channels = channels.map((channel) => channel.name);
  };
  await refreshNames();

  const historyFile = path.join(dataDir, HISTORY_FILE_NAME);
  const history = readHistory(historyFile);
  const rl = readline.createInterface({
    input: io.input,
    output: io.output,
    terminal: io.terminal,
    history,
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
    completer: (line: string) => complete(line, names, schemaOf, known),
  });
  const write = (text: string): void => void io.output.write(`${text}\n`);
  rl.on('history', (lines: string[]) => writeHistory(historyFile, lines));
  if (io.terminal)
    write(
      `Zervigo ${workspace.name}${workspace.environment === null ? '' : ` (${workspace.environment})`} at ${client.url} — ${names.length} commands; Tab completes, help lists them, exit or Ctrl-D leaves.`,
    );
  rl.setPrompt(`zervigo ${workspace.name}> `);
  let failed = false;
  rl.prompt();
  for await (const line of rl) {
    const trimmed = line.trim();
    if (trimmed === 'exit' || trimmed === 'quit') break;
    if (trimmed === 'help' || trimmed === '?') for (const text of commandList(map)) write(text);
    else if (trimmed.startsWith('help ')) for (const text of commandHelp(map, trimmed.slice(5).trim())) write(text);
    else if (trimmed !== '' && !trimmed.startsWith('#')) {
      try {
        const parsed = parseCommandLine(trimmed, schemaOf);
        if (parsed !== null) {
          const result = await client.call<unknown>('POST', `/rpc/${parsed.command}`, parsed.input);
          write(JSON.stringify(result, null, 2));
          await refreshNames().catch(() => undefined);
        }
      } catch (error) {
        failed = true;
        const code = error instanceof ZervigoError ? error.code : 'internal';
        write(`error (${code}): ${error instanceof Error ? error.message : String(error)}`);
        if (error instanceof ZervigoError && error.code === 'invalid_input' && !trimmed.startsWith('help')) {
          const command = trimmed.split(/\s+/)[0] ?? '';
          if (map[command] !== undefined) write(`  (help ${command} lists its fields)`);
        }
      }
    }
    rl.prompt();
  }
  rl.close();
  if (io.terminal) write('');
  return failed && !io.terminal ? 1 : 0;
}

/** Newest first, as readline keeps it. */
function readHistory(file: string): string[] {
  try {
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .reverse()
      .slice(0, HISTORY_SIZE);
  } catch {
    return [];
  }
}

function writeHistory(file: string, newestFirst: readonly string[]): void {
  try {
    fs.writeFileSync(file, `${[...newestFirst].reverse().join('\n')}\n`, { mode: 0o600 });
  } catch {
    // History is a convenience: a read-only data folder must not stop the shell.
  }
}
