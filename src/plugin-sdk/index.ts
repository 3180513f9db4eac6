/**
 * The Zervigo plugin SDK: the types a plugin implements and `definePlugin`, which only checks
 * them. A plugin's main module exports `definePlugin({...})`; the engine runs it in a process of
 * its own (the runtime in host-runtime.ts) and calls its kinds over IPC. Imports nothing, so it
 * can be published as its own package.
 */
export type { CallMethod, Contributions } from './protocol';

export interface CallContext {
  /** Aborted when the engine's per-call timeout passes or the call is cancelled. */
  signal: AbortSignal;
  timeoutMs: number;
}

export interface Sample {
  name: string;
  value: number;
  labels?: Record<string, string>;
}

/** What one check reports: success, why not, and any values it measured. */
export interface CheckResult {
  ok: boolean;
  reason?: string;
  samples?: Sample[];
}

export interface ProbeKind<Options = Record<string, unknown>> {
  check(options: Options, context: CallContext): Promise<CheckResult>;
}

/** An alert notification as channels receive it (the same fields the built-in webhook sends). */
export interface Notification {
  status: 'firing' | 'resolved';
  title: string;
  summary: string;
  severity: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string | null;
  url: string | null;
}

export interface ChannelKind<Options = Record<string, unknown>> {
  send(options: Options, notification: Notification, context: CallContext): Promise<void>;
}

export interface ActionInput {
  service: string | null;
  labels: Record<string, string>;
  dryRun: boolean;
}

export interface ActionKind<Options = Record<string, unknown>> {
  run(options: Options, input: ActionInput, context: CallContext): Promise<{ message: string }>;
}

export interface SeriesPoint {
  ts: number;
  value: number;
}

export interface Finding {
  message: string;
  score: number;
  ts?: number;
}

export interface AnalyserKind<Options = Record<string, unknown>> {
  analyse(options: Options, input: { series: SeriesPoint[] }, context: CallContext): Promise<Finding[]>;
}

export interface PluginDefinition {
  probes?: Record<string, ProbeKind<never>>;
  channels?: Record<string, ChannelKind<never>>;
  actions?: Record<string, ActionKind<never>>;
  analysers?: Record<string, AnalyserKind<never>>;
}

/** Returns the definition as given: it exists so the compiler checks a plugin against the SDK. */
export function definePlugin<Definition extends PluginDefinition>(definition: Definition): Definition {
  return definition;
}
