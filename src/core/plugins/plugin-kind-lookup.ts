import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { PluginKindInfo, PluginKindLookup, PluginOptionProblem } from '../config/plugin-kinds';
import type { InstalledPlugin, PluginStore } from './plugin-store';

/**
 * The kinds of installed plugins for the workspace parser and the kind registries: an enabled
 * plugin's kind wins over a disabled one's, and options are checked against the JSON Schema in the
 * plugin's manifest (compiled once per plugin version).
 */
export function pluginKindLookup(store: PluginStore): PluginKindLookup {
  const plugins = store.list();
  const probes = kindsOf(plugins, 'probes');
  const channels = kindsOf(plugins, 'channels');
  const actions = kindsOf(plugins, 'actions');
  const analysers = kindsOf(plugins, 'analysers');
  const logParsers = kindsOf(plugins, 'logParsers');
  const installed = new Map(plugins.map((plugin) => [plugin.manifest.id, { enabled: plugin.enabled }]));
  return {
    probeKinds: () => [...probes.keys()],
    probe: (kind) => probes.get(kind),
    channelKinds: () => [...channels.keys()],
    channel: (kind) => channels.get(kind),
    actionKinds: () => [...actions.keys()],
    action: (kind) => actions.get(kind),
    analyserKinds: () => [...analysers.keys()],
    analyser: (kind) => analysers.get(kind),
    logParserKinds: () => [...logParsers.keys()],
    logParser: (kind) => logParsers.get(kind),
    plugin: (id) => installed.get(id),
  };
}

function kindsOf(plugins: readonly InstalledPlugin[], section: 'probes' | 'channels' | 'actions' | 'analysers' | 'logParsers'): Map<string, PluginKindInfo> {
  const byKind = new Map<string, PluginKindInfo>();
  for (const plugin of plugins) {
    for (const [kind, entry] of Object.entries(plugin.manifest.contributes[section])) {
      if (byKind.get(kind)?.enabled === true) continue;
      const validate = compiled(`${plugin.manifest.id}@${plugin.manifest.version}/${section}/${kind}`, entry.options);
      byKind.set(kind, {
        plugin: plugin.manifest.id,
        enabled: plugin.enabled,
        options: entry.options,
        files: entry.files,
        validate: (options) => problemsOf(validate, options),
      });
    }
  }
  return byKind;
}

const ajv = new Ajv({ allErrors: true, strict: false });
const cache = new Map<string, ValidateFunction | string>();

function compiled(key: string, schema: Record<string, unknown>): ValidateFunction | string {
  let validate = cache.get(key);
  if (validate === undefined) {
    try {
      validate = ajv.compile(schema);
    } catch (error) {
      // A schema ajv cannot compile refuses every use, saying why, rather than accepting anything.
      validate = `its options schema is not valid JSON Schema (${(error as Error).message})`;
    }
    cache.set(key, validate);
  }
  return validate;
}

function problemsOf(validate: ValidateFunction | string, options: unknown): PluginOptionProblem[] {
  if (typeof validate === 'string') return [{ path: [], message: validate }];
  if (validate(options)) return [];
  return (validate.errors ?? []).map(problemOf);
}

function problemOf(error: ErrorObject): PluginOptionProblem {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const params = error.params as { additionalProperty?: string; allowedValues?: unknown[] };
  const detail =
    params.additionalProperty !== undefined
      ? ` ("${params.additionalProperty}")`
      : params.allowedValues !== undefined
        ? `: ${params.allowedValues.map((value) => JSON.stringify(value)).join(', ')}`
        : '';
  return { path, message: `${error.message ?? 'is not valid'}${detail}` };
}
