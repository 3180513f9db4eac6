import type { z } from 'zod';
import type { Permission } from '../auth/permissions';
import { systemPrincipal, type Principal } from '../auth/principal';

/**
 * How one command is declared: its input schema (validated at every transport), its output
 * type (a phantom, checked by the compiler), and optionally a readable REST route.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RestRoute {
  method: HttpMethod;
  /** Relative to /api/v1; `:name` segments are merged into the input. */
  path: string;
}

export interface CommandSpec<Input extends z.ZodType = z.ZodType, Output = unknown> {
  readonly input: Input;
  readonly summary: string;
  /** What the caller must hold; the dispatcher refuses anyone without it, on every transport. */
  readonly permission: Permission;
  readonly rest?: RestRoute;
  /** Never set at run time; carries the output type for the compiler. */
  readonly output?: Output;
}

export interface EventSpec<Payload = unknown> {
  readonly summary: string;
  /** Only subscribers holding it receive the event (terminal output only to those with shell). */
  readonly permission: Permission;
  /** Never set at run time; carries the payload type for the compiler. */
  readonly payload?: Payload;
}

/** Marks the output type of a command: `returns<WorkspaceView>()`. */
export function returns<Output>(): Output | undefined {
  return undefined;
}

export function command<Input extends z.ZodType, Output>(spec: {
  input: Input;
  output: Output | undefined;
  summary: string;
  /** Required: a command cannot be declared without saying who may call it. */
  permission: Permission;
  rest?: `${HttpMethod} /${string}`;
}): CommandSpec<Input, Output> {
  const base = { input: spec.input, summary: spec.summary, permission: spec.permission };
  if (spec.rest === undefined) return base;
  const space = spec.rest.indexOf(' ');
  return { ...base, rest: { method: spec.rest.slice(0, space) as HttpMethod, path: spec.rest.slice(space + 1) } };
}

export function event<Payload>(summary: string, permission: Permission): EventSpec<Payload> {
  return { summary, permission };
}

export type CommandMap = Record<string, CommandSpec>;
export type EventMap = Record<string, EventSpec>;

export type InputOf<C extends CommandSpec> = z.input<C['input']>;
export type ParsedInputOf<C extends CommandSpec> = z.output<C['input']>;
export type OutputOf<C extends CommandSpec> = C extends CommandSpec<z.ZodType, infer O> ? O : never;
export type PayloadOf<E extends EventSpec> = E extends EventSpec<infer P> ? P : never;

/** What an implementation of a command map must provide: one async function per command. */
export type HandlersOf<M extends CommandMap> = {
  [K in keyof M]: (input: ParsedInputOf<M[K]>, context: CallContext) => Promise<OutputOf<M[K]>>;
};

export type Transport = 'ipc' | 'http' | 'ws' | 'cli' | 'internal';

/**
 * Who is calling and how: `actor` names them in the audit log, `principal` decides what they may
 * do. A call from outside the engine (IPC, HTTP, WebSocket, CLI) cannot be made without a
 * principal (the compiler refuses it); the engine's and its shells' own calls ('internal') may
 * leave it out and act as the system.
 */
export type CallContext =
  { actor: string; transport: 'internal'; principal?: Principal } | { actor: string; transport: Exclude<Transport, 'internal'>; principal: Principal };

/** The principal of a call: the system for internal calls that name none. */
export function principalOf(context: CallContext): Principal {
  return context.principal ?? systemPrincipal(context.actor);
}

/** The context of a call from outside, named in the audit log as its principal. */
export function contextFor(principal: Principal, transport: Exclude<Transport, 'internal'>): CallContext {
  return { actor: principal.name, transport, principal };
}
