import type { z } from 'zod';

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
  readonly rest?: RestRoute;
  /** Never set at run time; carries the output type for the compiler. */
  readonly output?: Output;
}

export interface EventSpec<Payload = unknown> {
  readonly summary: string;
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
  rest?: `${HttpMethod} /${string}`;
}): CommandSpec<Input, Output> {
  const base = { input: spec.input, summary: spec.summary };
  if (spec.rest === undefined) return base;
  const space = spec.rest.indexOf(' ');
  return { ...base, rest: { method: spec.rest.slice(0, space) as HttpMethod, path: spec.rest.slice(space + 1) } };
}

export function event<Payload>(summary: string): EventSpec<Payload> {
  return { summary };
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

/** Who is calling, for the audit log and for confirmation of destructive actions. */
export interface CallContext {
  actor: string;
  transport: 'ipc' | 'http' | 'cli' | 'internal';
}
