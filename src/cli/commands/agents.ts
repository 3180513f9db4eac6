import type { Command } from 'commander';
import type { AgentRemoval, AgentView } from '../../shared/types/fleet';
import { printTable } from '../output';
import { DEFAULT_URL, type ServerClient } from '../server-client';
import { consoleClient } from '../console-call';

interface ConsoleOptions {
  url?: string;
  consoleToken?: string;
}

/** The running console (`zervigo serve`) whose agents these are; agents live in its data folder and connect from it. */
function consoleOf(options: ConsoleOptions, command: Command): ServerClient {
  return consoleClient(command, { url: options.url, token: options.consoleToken });
}

function withConsoleOptions(command: Command): Command {
  return command
    .option('--url <url>', `the console (default: $ZERVIGO_URL, else ${DEFAULT_URL})`)
    .option('--console-token <token>', "the console's API token (default: $ZERVIGO_TOKEN, else the one in the data folder)");
}

function describeAgent(agent: AgentView): string[] {
  const via = agent.ssh === null ? agent.url : `${agent.url} via ssh ${agent.ssh}`;
  const health = agent.health === null ? '' : `${agent.health.level}${agent.health.firing > 0 ? `, ${agent.health.firing} firing` : ''}`;
  return [agent.name, agent.state, via, agent.version ?? '', agent.latencyMs === null ? '' : `${agent.latencyMs} ms`, health, agent.reason ?? ''];
}

/** `zervigo agents add|list|remove`: the other Zervigo engines this console watches and operates. */
export function registerAgentsCommand(program: Command): void {
  const agents = program.command('agents').description('the Zervigo agents (other `zervigo serve` engines) this console watches and operates');

  withConsoleOptions(
    agents
      .command('add')
      .argument('<name>', 'what to call it (letters, digits, - _ .)')
      .argument('<url>', "the agent's address, e.g. http://10.0.0.5:7300 (through --ssh: as seen from the SSH host)")
      .option('--token <token>', "the agent's API token (`zervigo token` on that host)")
      .option('--ssh <host>', 'reach it through an SSH tunnel to this host (a Host of ~/.ssh/config, or user@host[:port]); the host key must be in known_hosts')
      .option('--replace', 'replace an agent of that name')
      .description('add an agent and connect to it'),
  ).action(async (name: string, url: string, options: ConsoleOptions & { token?: string; ssh?: string; replace?: boolean }, command: Command) => {
    const view = await consoleOf(options, command).call<AgentView>('POST', '/rpc/agents.add', {
      name,
      url,
      token: options.token,
      ssh: options.ssh,
      replace: options.replace === true,
    });
    process.stdout.write(
      `added agent ${view.name} (${view.url}${view.ssh === null ? '' : ` via ssh ${view.ssh}`}); \`zervigo agents list\` shows when it is up\n`,
    );
  });

  withConsoleOptions(
    agents.command('list').option('--json', 'print the agents as JSON').description('the agents with their state, version, latency and health'),
  ).action(async (options: ConsoleOptions & { json?: boolean }, command: Command) => {
    const list = await consoleOf(options, command).call<AgentView[]>('POST', '/rpc/agents.list', {});
    if (options.json === true) {
      process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      return;
    }
    if (list.length === 0) {
      process.stdout.write('No agents. Add one: zervigo agents add NAME URL --token T (the token: `zervigo token` on that host)\n');
      return;
    }
    printTable(['NAME', 'STATE', 'ADDRESS', 'VERSION', 'LATENCY', 'HEALTH', 'REASON'], list.map(describeAgent));
  });

  withConsoleOptions(
    agents
      .command('remove')
      .argument('<name>', 'the agent')
      .option('--force', "remove it although probes' from: name it (they then fail)")
      .description("remove an agent and disconnect from it (refused while probes' from: name it, unless --force)"),
  ).action(async (name: string, options: ConsoleOptions & { force?: boolean }, command: Command) => {
    const { removed, stillNamedBy } = await consoleOf(options, command).call<AgentRemoval>('POST', '/rpc/agents.remove', {
      name,
      force: options.force === true,
    });
    process.stdout.write(removed ? `removed agent ${name}\n` : `no agent ${name}\n`);
    if (stillNamedBy.length > 0)
      process.stdout.write(
        `still named in from: (these probes now fail with "no agent ${name}", and the file is refused at its next load until they are edited):\n${stillNamedBy.map((entry) => `  ${entry.at}  ${entry.probe}\n`).join('')}`,
      );
  });
}
