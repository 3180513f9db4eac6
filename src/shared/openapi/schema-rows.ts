import type { JsonSchema } from './openapi-types';

/** One input field as the API page lists it: dotted path, type in words, constraints. */
export interface SchemaRow {
  path: string;
  type: string;
  required: boolean;
  defaultValue: string | null;
  notes: string[];
}

const MAX_DEPTH = 6;

/** The fields of an input schema, nested objects and list items flattened ("matchers[].name"). */
export function schemaRows(schema: JsonSchema): SchemaRow[] {
  const rows: SchemaRow[] = [];
  walkObject(schema, '', rows, 0);
  return rows;
}

function walkObject(schema: JsonSchema, prefix: string, rows: SchemaRow[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  const properties = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
  const required = new Set((schema.required as string[] | undefined) ?? []);
  for (const [name, property] of Object.entries(properties)) {
    const path = `${prefix}${name}`;
    rows.push({
      path,
      type: typeOf(property),
      required: required.has(name),
      defaultValue: property.default === undefined ? null : JSON.stringify(property.default),
      notes: notesOf(property),
    });
    if (property.type === 'object') walkObject(property, `${path}.`, rows, depth + 1);
    const items = property.items as JsonSchema | undefined;
    if (property.type === 'array' && items?.type === 'object') walkObject(items, `${path}[].`, rows, depth + 1);
    for (const variant of variantsOf(property)) if (variant.type === 'object') walkObject(variant, `${path}.`, rows, depth + 1);
  }
  // Rows repeated by several variants (a union's "kind") are listed once.
  const seen = new Set<string>();
  for (let i = rows.length - 1; i >= 0; i--) {
    const key = (rows[i] as SchemaRow).path;
    if (seen.has(key)) rows.splice(i, 1);
    seen.add(key);
  }
}

function variantsOf(schema: JsonSchema): JsonSchema[] {
  return [...((schema.anyOf as JsonSchema[] | undefined) ?? []), ...((schema.oneOf as JsonSchema[] | undefined) ?? [])];
}

/** "string", "integer", "list of string", "object", "number | string", "\"tmux\"". */
export function typeOf(schema: JsonSchema): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const variants = variantsOf(schema);
  if (variants.length > 0) return [...new Set(variants.map(typeOf))].join(' | ');
  if (schema.type === 'array') {
    const items = schema.items as JsonSchema | undefined;
    return `list of ${items === undefined ? 'any' : typeOf(items)}`;
  }
  if (Array.isArray(schema.type)) return (schema.type as string[]).join(' | ');
  return typeof schema.type === 'string' ? schema.type : 'any';
}

function notesOf(schema: JsonSchema): string[] {
  const notes: string[] = [];
  if (Array.isArray(schema.enum)) notes.push(`one of ${(schema.enum as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`);
  const range = (min: unknown, max: unknown, unit: string): void => {
    if (typeof min === 'number' && typeof max === 'number' && max < Number.MAX_SAFE_INTEGER) notes.push(`${min}–${max}${unit}`);
    else if (typeof min === 'number') notes.push(`≥ ${min}${unit}`);
    else if (typeof max === 'number' && max < Number.MAX_SAFE_INTEGER) notes.push(`≤ ${max}${unit}`);
  };
  range(schema.minimum, schema.maximum, '');
  if (typeof schema.exclusiveMinimum === 'number') notes.push(`> ${schema.exclusiveMinimum}`);
  range(schema.minLength, schema.maxLength, ' characters');
  range(schema.minItems, schema.maxItems, ' items');
  if (typeof schema.pattern === 'string') notes.push(`matches /${schema.pattern}/`);
  if (typeof schema.format === 'string') notes.push(schema.format);
  if (typeof schema.description === 'string') notes.push(schema.description);
  return notes;
}
