import { z } from 'zod';
import { commands, type CommandName } from '../../../shared/contract';
import type { AssistantCommand } from '../../../shared/contract/assistant-plan';
import { formatZodError } from '../../../shared/zod-message';
import type { ToolDefinition } from './chat-completions';

/**
 * The contract commands a model may call to look things up. Each must be a `view` command that
 * changes nothing (logs.tail opens a stream, so it is not here); the list is checked against the
 * contract when tools are built, so a command that later needs more than `view` drops out.
 */
export const LOOKUP_COMMANDS = [
  'services.list',
  'services.get',
  'probes.list',
  'monitoring.services',
  'machine.latest',
  'alerts.list',
  'alerts.history',
  'silences.list',
  'logs.search',
  'logs.patterns',
  'metrics.query',
  'metrics.instant',
  'incidents.list',
  'incidents.get',
  'assistant.explain',
  'insights.list',
  'audit.list',
  'workspace.history',
  'deploys.list',
  'jobs.list',
  'jobs.runs',
  'oncall.now',
] as const satisfies readonly CommandName[];

/** The one tool that is not a look-up: it hands back a command for the operator to confirm. */
export const PROPOSE_TOOL = 'propose_command';

/** OpenAI function names are [A-Za-z0-9_-]{1,64}: services.list is offered as services_list. */
export const toolNameOf = (command: string): string => command.replace(/\./g, '_');

/** Commands a model may propose (never run): those an operator runs — start, stop, restart, acknowledge, silence, jobs, deploys. */
export function proposableCommands(): CommandName[] {
  return (Object.keys(commands) as CommandName[]).filter((name) => commands[name].permission === 'operate').sort();
}

export interface ModelTools {
  definitions: ToolDefinition[];
  /** The contract command a tool name stands for, when it is a look-up. */
  lookupOf(toolName: string): CommandName | undefined;
}

export function modelTools(): ModelTools {
  const lookups = LOOKUP_COMMANDS.filter((name) => commands[name].permission === 'view');
  const byToolName = new Map<string, CommandName>(lookups.map((name) => [toolNameOf(name), name]));
  const definitions: ToolDefinition[] = lookups.map((name) => ({
    type: 'function',
    function: { name: toolNameOf(name), description: commands[name].summary, parameters: inputSchemaOf(name) },
  }));
  definitions.push({
    type: 'function',
    function: {
      name: PROPOSE_TOOL,
      description:
        'Propose a command that changes something (restart, stop, start, acknowledge, silence, run a job, deploy). It is NOT run: the operator is shown it and confirms. Give the exact contract command name and its input.',
      parameters: {
        type: 'object',
        properties: {
          command: { type: 'string', enum: proposableCommands() },
          input: { type: 'object', description: "The command's input, as its schema in the API (GET /api/v1/openapi.json) defines it." },
          reason: { type: 'string', description: 'Why, in one sentence, for the operator.' },
        },
        required: ['command', 'input'],
      },
    },
  });
  return { definitions, lookupOf: (toolName) => byToolName.get(toolName) };
}

function inputSchemaOf(name: CommandName): Record<string, unknown> {
  const schema = z.toJSONSchema(commands[name].input, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete schema.$schema;
  return schema;
}

/** A proposal checked against the contract, or why it is not one (told to the model, which may correct it). */
export function checkProposal(raw: unknown): { ok: true; proposal: AssistantCommand } | { ok: false; error: string } {
  const shape = z.object({ command: z.string(), input: z.unknown() }).safeParse(raw);
  if (!shape.success) return { ok: false, error: 'give { "command": "<name>", "input": { … } }' };
  const { command, input } = shape.data;
  if (!(proposableCommands() as string[]).includes(command)) return { ok: false, error: `"${command}" is not a command that can be proposed` };
  const parsed = commands[command as CommandName].input.safeParse(input ?? {});
  if (!parsed.success) return { ok: false, error: `invalid input for ${command}: ${formatZodError(parsed.error)}` };
  // The input as given (defaults stay the schema's when it runs), like the offline parser's plans.
  return { ok: true, proposal: { command, input: input ?? {} } as AssistantCommand };
}
