/**
 * The contract: every command and event of Zervigo, one line each, grouped by domain.
 * Both transports (IPC in the desktop, HTTP/WebSocket in the server) are generated from
 * these maps; add a command here and implement it in the engine, nothing else.
 */
import { alertCommands, alertEvents } from './notify';
import { apiCommands } from './api';
import { appCommands, appEvents } from './app';
import { assistantCommands } from './assistant';
import { automationCommands, automationEvents } from './automation';
import { deployCommands, deployEvents } from './deploy';
import { authCommands } from './auth';
import type { CommandMap, EventMap, HandlersOf, InputOf, OutputOf, PayloadOf } from './define';
import { fleetCommands, fleetEvents } from './fleet';
import { incidentCommands, incidentEvents } from './incidents';
import { insightCommands, insightEvents } from './analysis';
import { monitoringCommands, monitoringEvents } from './monitoring';
import { oncallCommands, oncallEvents } from './oncall';
import { logCommands, logEvents } from './logs';
import { ruleCommands, ruleEvents } from './rules';
import { operateCommands, operateEvents, serviceCommands, serviceEvents } from './services';
import { pluginCommands, pluginEvents } from './plugins';
import { reportCommands } from './reports';
import { sessionCommands, sessionEvents } from './sessions';
import { statusPageCommands } from './status-page';
import { workspaceCommands, workspaceEvents } from './workspace';

export const commands = {
  ...appCommands,
  ...workspaceCommands,
  ...serviceCommands,
  ...monitoringCommands,
  ...logCommands,
  ...ruleCommands,
  ...alertCommands,
  ...operateCommands,
  ...sessionCommands,
  ...assistantCommands,
  ...fleetCommands,
  ...reportCommands,
  ...apiCommands,
  ...automationCommands,
  ...deployCommands,
  ...insightCommands,
  ...incidentCommands,
  ...authCommands,
  ...pluginCommands,
  ...statusPageCommands,
  ...oncallCommands,
} satisfies CommandMap;

export const events = {
  ...appEvents,
  ...workspaceEvents,
  ...serviceEvents,
  ...monitoringEvents,
  ...logEvents,
  ...ruleEvents,
  ...alertEvents,
  ...operateEvents,
  ...sessionEvents,
  ...pluginEvents,
  ...fleetEvents,
  ...automationEvents,
  ...deployEvents,
  ...insightEvents,
  ...incidentEvents,
  ...oncallEvents,
} satisfies EventMap;

export type Commands = typeof commands;
export type Events = typeof events;
export type CommandName = Extract<keyof Commands, string>;
export type EventName = Extract<keyof Events, string>;
export type CommandInput<K extends CommandName> = InputOf<Commands[K]>;
export type CommandOutput<K extends CommandName> = OutputOf<Commands[K]>;
export type EventPayload<E extends EventName> = PayloadOf<Events[E]>;
export type CommandHandlers = HandlersOf<Commands>;

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commands, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

export * from './define';
