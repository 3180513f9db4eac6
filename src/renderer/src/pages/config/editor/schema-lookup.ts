/** What the workspace's JSON Schema says about a place in the file: keys, values, explanations. */
export type JsonSchema = Record<string, unknown>;

function asSchemas(value: unknown): JsonSchema[] {
  return Array.isArray(value) ? value.filter((item): item is JsonSchema => typeof item === 'object' && item !== null) : [];
}

function asSchema(value: unknown): JsonSchema | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonSchema) : null;
}

/** A schema and the alternatives it allows (anyOf / oneOf / allOf), flattened. */
function alternatives(schema: JsonSchema, root: JsonSchema, depth = 0): JsonSchema[] {
  if (depth > 8) return [schema];
  const ref = typeof schema.$ref === 'string' ? resolveRef(root, schema.$ref) : null;
  if (ref !== null) return alternatives(ref, root, depth + 1);
  const nested = [...asSchemas(schema.anyOf), ...asSchemas(schema.oneOf), ...asSchemas(schema.allOf)].filter((alternative) =>
    Object.keys(alternative).some((key) => key !== 'required' && key !== 'title' && key !== 'description'),
  );
  return [schema, ...nested.flatMap((alternative) => alternatives(alternative, root, depth + 1))];
}

function resolveRef(root: JsonSchema, ref: string): JsonSchema | null {
  if (!ref.startsWith('#/')) return null;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) node = asSchema(node)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return asSchema(node);
}

/** Every schema that may apply at `path` (keys and list indexes from the top). */
export function schemasAt(root: JsonSchema, path: readonly (string | number)[]): JsonSchema[] {
  let current = alternatives(root, root);
  for (const step of path) {
    const next: JsonSchema[] = [];
    for (const schema of current) {
      const child =
        typeof step === 'number'
          ? asSchema(schema.items)
          : (asSchema(asSchema(schema.properties)?.[step]) ??
            (schema.type === 'object' || schema.properties !== undefined ? asSchema(schema.additionalProperties) : null));
      if (child !== null) next.push(...alternatives(child, root));
    }
    current = next;
    if (current.length === 0) break;
  }
  return current;
}

export interface KeyOption {
  key: string;
  description: string | null;
  detail: string | null;
  /** The value is a mapping or a list: the key goes on its own line. */
  opensBlock: boolean;
}

/** The keys a mapping at this place can have, with what each means. */
export function keysAt(root: JsonSchema, path: readonly (string | number)[]): KeyOption[] {
  const out = new Map<string, KeyOption>();
  for (const schema of schemasAt(root, path)) {
    for (const [key, value] of Object.entries(asSchema(schema.properties) ?? {})) {
      if (out.has(key)) continue;
      const property = asSchema(value) ?? {};
      const kinds = alternatives(property, root).map((alternative) => alternative.type);
      const opensBlock = kinds.length > 0 && kinds.every((type) => type === 'object' || type === 'array');
      out.set(key, { key, description: describe(property), detail: detailOf(property, root), opensBlock });
    }
  }
  return [...out.values()];
}

/** Values worth offering at this place: enums, constants, booleans, examples and the default. */
export function valuesAt(root: JsonSchema, path: readonly (string | number)[]): { value: string; detail: string | null }[] {
  const out = new Map<string, string | null>();
  const add = (value: unknown, detail: string | null): void => {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') if (!out.has(String(value))) out.set(String(value), detail);
  };
  for (const schema of schemasAt(root, path)) {
    for (const value of Array.isArray(schema.enum) ? schema.enum : []) add(value, null);
    if (schema.const !== undefined) add(schema.const, null);
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (types.includes('boolean')) {
      add(true, null);
      add(false, null);
    }
    for (const example of Array.isArray(schema.examples) ? schema.examples : []) add(example, 'example');
    if (schema.default !== undefined) add(schema.default, 'default');
  }
  return [...out.entries()].map(([value, detail]) => ({ value, detail }));
}

/** An explanation of the key at this place, for hovers: what it is, its form, its default. */
export function explain(
  root: JsonSchema,
  path: readonly (string | number)[],
): { description: string | null; detail: string | null; defaultValue: string | null } | null {
  const schemas = schemasAt(root, path);
  const first = schemas[0];
  if (first === undefined) return null;
  const description = schemas.map(describe).find((text) => text !== null) ?? null;
  const fallback = schemas.find((schema) => schema.default !== undefined)?.default;
  return { description, detail: detailOf(first, root), defaultValue: fallback === undefined ? null : JSON.stringify(fallback).replace(/^"|"$/g, '') };
}

function describe(schema: JsonSchema): string | null {
  return typeof schema.description === 'string' ? schema.description : null;
}

/** A short form of what is expected: "duration: 500ms, 5s, …", "on-failure | always | never", "list", "true | false". */
function detailOf(schema: JsonSchema, root: JsonSchema): string | null {
  const all = alternatives(schema, root);
  const title = all.map((alternative) => alternative.title).find((value): value is string => typeof value === 'string');
  if (title !== undefined) return title;
  const values = all.flatMap((alternative): unknown[] => (Array.isArray(alternative.enum) ? (alternative.enum as unknown[]) : []));
  if (values.length > 0) return values.map(String).join(' | ');
  const types = new Set(
    all
      .flatMap((alternative): unknown[] => (Array.isArray(alternative.type) ? (alternative.type as unknown[]) : [alternative.type]))
      .filter((type): type is string => typeof type === 'string' && type !== 'string'),
  );
  const named = [...types].map((type) => (type === 'object' ? 'mapping' : type === 'array' ? 'list' : type));
  return named.length > 0 ? named.join(' or ') : null;
}
