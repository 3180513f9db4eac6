import type { PluginKindInfo, PluginKindLookup } from './plugin-kinds';

type JsonSchema = Record<string, unknown>;

/**
 * The workspace JSON Schema with the installed plugins' kinds in it, each with the options schema
 * its manifest declares: probe kinds beside the built-in ones (a key and a oneOf branch), channel
 * and action kinds (their options instead of "anything"), analyser and log parser kinds (checked
 * options; kinds not installed stay allowed there, as a `plugins:` entry may install them). Editors
 * then complete and check a plugin's kind as they do a built-in one; the engine stays the judge.
 * The schema given is not changed.
 */
export function withPluginKinds(workspaceSchema: JsonSchema, lookup: PluginKindLookup): JsonSchema {
  const schema = structuredClone(workspaceSchema);
  const defs = (schema.$defs ??= {}) as Record<string, JsonSchema>;
  const describe = (family: string, kind: string, info: PluginKindInfo): JsonSchema => ({
    ...embedded(info.options, `plugin-${info.plugin}-${kind}`, defs),
    description: `The ${family} kind "${kind}" of plugin ${info.plugin}${info.enabled ? '' : ' (disabled: zervigo plugins enable ' + info.plugin + ')'}: its options.`,
  });
  const properties = schema.properties as Record<string, JsonSchema>;

  const probeItems = findProbeItems(schema);
  if (probeItems !== undefined) {
    const keys = probeItems.properties as Record<string, JsonSchema>;
    const branches = probeItems.oneOf as JsonSchema[];
    for (const kind of lookup.probeKinds()) {
      const info = lookup.probe(kind) as PluginKindInfo;
      if (keys[kind] !== undefined) continue;
      keys[kind] = describe('probe', kind, info);
      branches.push({ title: kind, description: keys[kind].description, required: [kind] });
    }
  }

  const kindMap = (at: JsonSchema | undefined): Record<string, JsonSchema> | undefined => {
    const kinds = at?.additionalProperties as JsonSchema | undefined;
    return kinds?.properties as Record<string, JsonSchema> | undefined;
  };
  const channels = kindMap(properties.channels);
  for (const kind of lookup.channelKinds()) if (channels !== undefined) channels[kind] = describe('channel', kind, lookup.channel(kind) as PluginKindInfo);
  const actions = actionKeys(schema);
  for (const kind of lookup.actionKinds()) if (actions !== undefined) actions[kind] = describe('action', kind, lookup.action(kind) as PluginKindInfo);

  const listItems = (section: string, list: string): Record<string, JsonSchema> | undefined => {
    const items = ((properties[section]?.properties as Record<string, JsonSchema> | undefined)?.[list]?.items ?? undefined) as JsonSchema | undefined;
    return items === undefined ? undefined : ((items.properties ??= {}) as Record<string, JsonSchema>);
  };
  const analysers = listItems('analysis', 'analysers');
  for (const kind of lookup.analyserKinds()) if (analysers !== undefined) analysers[kind] = describe('analyser', kind, lookup.analyser(kind) as PluginKindInfo);
  const parsers = listItems('logs', 'parsers');
  for (const kind of lookup.logParserKinds()) if (parsers !== undefined) parsers[kind] = describe('log parser', kind, lookup.logParser(kind) as PluginKindInfo);
  // No plugin brought definitions: the schema stays the one `zervigo init` writes, byte for byte.
  if (Object.keys(defs).length === 0 && workspaceSchema.$defs === undefined) delete schema.$defs;
  return schema;
}

/** The schema of one probe: the object whose oneOf names each kind (`{ title: http, required: [http] }`). */
function findProbeItems(node: unknown): JsonSchema | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const record = node as JsonSchema;
  const branches = record.oneOf;
  if (
    Array.isArray(branches) &&
    typeof record.properties === 'object' &&
    (record.properties as JsonSchema).http !== undefined &&
    (branches as JsonSchema[]).every((branch) => Array.isArray(branch.required) && branch.required.length === 1 && branch.title === branch.required[0])
  )
    return record;
  for (const value of Object.values(record)) {
    const found = findProbeItems(value);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The keys of a rule's action (`then: [{ webhook: … }]`): the object that has the built-in `restart` action among its properties. */
function actionKeys(node: unknown): Record<string, JsonSchema> | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const record = node as JsonSchema;
  const properties = record.properties as Record<string, JsonSchema> | undefined;
  if (properties?.restart !== undefined && properties.notify !== undefined) return properties;
  for (const value of Object.values(record)) {
    const found = actionKeys(value);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * A plugin's options schema made part of the workspace's: its `$defs` moved to the workspace's
 * under a prefix and its `#/$defs/…` references pointed there (they would name the workspace's own).
 */
function embedded(options: JsonSchema, prefix: string, defs: Record<string, JsonSchema>): JsonSchema {
  const { $schema: _dialect, $id: _id, $defs: own, definitions, ...rest } = options as JsonSchema & { $defs?: JsonSchema; definitions?: JsonSchema };
  const moved = { ...(own ?? {}), ...(definitions ?? {}) };
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        key === '$ref' && typeof inner === 'string' ? inner.replace(/^#\/(?:\$defs|definitions)\//, `#/$defs/${prefix}-`) : rewrite(inner),
      ]),
    );
  };
  for (const [name, def] of Object.entries(moved)) defs[`${prefix}-${name}`] = rewrite(def) as JsonSchema;
  return rewrite(rest) as JsonSchema;
}
