import type { JsonSchema } from '../../shared/openapi/openapi-types';
import { propertiesOf } from './command-line';

/** The workspace's names, for completing values. */
export interface WorkspaceNames {
  services: string[];
  probes: string[];
  alerts: { fingerprint: string; alertname: string }[];
  channels: string[];
}

export const SHELL_WORDS = ['help', 'exit', 'quit'];

/**
 * Completes the word under the cursor: a command name first (or help's argument), then
 * `field=` from the command's input schema, then a value: an enum's choices, else the
 * workspace's names that fit the field (services, probe ids, alert fingerprints, channels).
 */
export function complete(
  line: string,
  commands: readonly string[],
  schemaOf: (command: string) => JsonSchema | undefined,
  names: WorkspaceNames,
): [string[], string] {
  const words = line.split(/\s+/);
  const current = words.at(-1) ?? '';
  if (words.length <= 1) return [[...SHELL_WORDS, ...commands].filter((word) => word.startsWith(current)), current];
  const first = words[0] as string;
  if (first === 'help') return [commands.filter((word) => word.startsWith(current)), current];
  const schema = schemaOf(first);
  if (schema === undefined) return [[], current];
  const properties = propertiesOf(schema);
  const equals = current.indexOf('=');
  if (equals === -1) {
    const used = new Set(words.slice(1, -1).map((word) => word.split('=')[0]));
    return [
      Object.keys(properties)
        .filter((key) => !used.has(key) && key.startsWith(current))
        .map((key) => `${key}=`),
      current,
    ];
  }
  const key = current.slice(0, equals);
  const value = current.slice(equals + 1);
  // A list's value completes its last item: services=api,d → services=api,db
  const comma = value.lastIndexOf(',');
  const done = comma === -1 ? '' : value.slice(0, comma + 1);
  const partial = value.slice(comma + 1);
  const candidates = valuesFor(key, properties[key], names);
  return [candidates.filter((candidate) => candidate.startsWith(partial)).map((candidate) => `${key}=${done}${candidate}`), current];
}

function valuesFor(key: string, schema: JsonSchema | undefined, names: WorkspaceNames): string[] {
  const choices = enumOf(schema);
  if (choices.length > 0) return choices;
  if (/^services?$|^names?$|^target$/.test(key)) return names.services;
  if (/^(probe|id|ids|probes)$/.test(key)) return names.probes;
  if (key === 'fingerprint') return names.alerts.map((alert) => alert.fingerprint);
  if (key === 'alertname') return [...new Set(names.alerts.map((alert) => alert.alertname))];
  if (key === 'channel') return names.channels;
  return [...names.services, ...names.channels];
}

function enumOf(schema: JsonSchema | undefined): string[] {
  if (schema === undefined) return [];
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map(String);
  if (schema.type === 'boolean') return ['true', 'false'];
  const items = schema.items as JsonSchema | undefined;
  if (schema.type === 'array' && items !== undefined) return enumOf(items);
  return [];
}
