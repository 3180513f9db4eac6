import { pluginOptionsSchema, type PluginKindInfo } from '../../config/plugin-kinds';
import type { ActionKind } from '../action-kind';

/** What a plugin action kind needs of the engine: the plugin behind the kind now, and a call into its process. */
export interface PluginActionPort {
  info(): PluginKindInfo | undefined;
  run(options: unknown, input: PluginActionInput, timeoutMs: number): Promise<unknown>;
}

/** The SDK's ActionInput: the firing alert. */
export interface PluginActionInput {
  rule: string;
  service: string | null;
  labels: Record<string, string>;
  value: number;
}

/**
 * An action kind a plugin contributes, as an entry of the action kind registry like a built-in:
 * options checked against the plugin's JSON Schema at load, their strings expanded like a
 * built-in's templates ({{ $labels.service }}), one call into the plugin's process within the
 * action's timeout, and the audit entry written the way built-ins write theirs. A dry run records
 * what would be done and never calls the plugin, so a plugin cannot act on a dry run.
 */
export function pluginActionKind(kind: string, port: PluginActionPort): ActionKind<unknown, never> {
  const owner = (): string => port.info()?.plugin ?? 'unknown';
  return {
    kind,
    summary: `An action kind from plugin ${owner()}.`,
    schema: pluginOptionsSchema('action', kind, () => port.info()),
    optionsJsonSchema: () => port.info()?.options,
    plugin: () => port.info()?.plugin,
    describe: (options) => actionTarget(options) ?? `${kind} (plugin ${owner()})`,
    run: async (options, context) => {
      const { audit, actor, details, settings } = context;
      const expanded = expandStrings(options ?? {}, (template) => context.expand(template));
      const target = actionTarget(expanded) ?? `${kind} (plugin ${owner()})`;
      if (settings.dryRun) {
        audit.record({ actor, action: kind, target, outcome: 'dry_run', message: `would run ${kind} (plugin ${owner()}) on ${target}`, details });
        return;
      }
      const id = audit.begin({ actor, action: kind, target, details });
      const input: PluginActionInput = { rule: context.rule, service: context.labels.service ?? null, labels: { ...context.labels }, value: context.value };
      try {
        const value = await port.run(expanded, input, settings.timeoutMs);
        const message = (value as { message?: unknown } | null)?.message;
        audit.finish(id, 'ok', typeof message === 'string' && message !== '' ? message.slice(0, 2_000) : `done by plugin ${owner()}`);
      } catch (error) {
        audit.finish(id, 'failed', (error as Error).message);
      }
    },
  };
}

/** Every string in the options with {{ $labels.x }} and {{ $value }} filled in. */
function expandStrings(value: unknown, expand: (template: string) => string): unknown {
  if (typeof value === 'string') return expand(value);
  if (Array.isArray(value)) return value.map((item) => expandStrings(item, expand));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expandStrings(item, expand)]));
  return value;
}

/** What an action acts on, in words: a service or unit named in its options, or a URL without its query (which may carry a token). */
function actionTarget(options: unknown): string | null {
  if (typeof options === 'string') return options;
  if (typeof options !== 'object' || options === null) return null;
  const record = options as Record<string, unknown>;
  for (const key of ['service', 'unit', 'target', 'host']) if (typeof record[key] === 'string') return record[key];
  if (typeof record.url === 'string') {
    try {
      const url = new URL(record.url);
      return `${typeof record.method === 'string' ? `${record.method.toUpperCase()} ` : ''}${url.origin}${url.pathname}`;
    } catch {
      return null;
    }
  }
  return null;
}
