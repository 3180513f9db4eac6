/**
 * A form drawn from a JSON Schema: the options of a channel kind the console has no form of its
 * own for (oncall:, a plugin's kind). Each top-level property is a field (text, number, yes/no, a
 * choice, or JSON for a list or an object); a schema that is itself a scalar (oncall: <policy>) is
 * one field. Values are kept as typed, so `${VAR}` stays a string wherever it is written.
 */

type JsonSchema = Record<string, unknown>;

export type SchemaFieldType = 'text' | 'number' | 'boolean' | 'choice' | 'json';

export interface SchemaField {
  /** The property's key; null when the options are one scalar value. */
  key: string | null;
  label: string;
  description: string | null;
  type: SchemaFieldType;
  required: boolean;
  choices: string[];
  /** Masked until shown: URLs, tokens, keys and passwords are credentials. */
  secret: boolean;
}

/** What a field holds while it is edited: text (JSON for a list or an object), or a yes/no. */
export type FieldInput = string | boolean;

const record = (value: unknown): JsonSchema => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonSchema) : {});

const SECRET = /url|webhook|token|key|secret|password|dsn/i;

/** The schema's own type, beside the string a ${VAR} widening adds, and the first branch of an anyOf. */
function typeOf(schema: JsonSchema): SchemaFieldType {
  if (Array.isArray(schema.enum) && schema.enum.every((choice) => typeof choice === 'string')) return 'choice';
  const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter((type): type is string => typeof type === 'string');
  const type = types.find((candidate) => candidate !== 'string') ?? types[0];
  if (type === undefined && Array.isArray(schema.anyOf)) return typeOf(record(schema.anyOf[0]));
  if (type === 'number' || type === 'integer') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'array' || type === 'object') return 'json';
  return 'text';
}

function fieldOf(key: string | null, label: string, schema: JsonSchema, required: boolean): SchemaField {
  return {
    key,
    label: typeof schema.title === 'string' && key !== null ? schema.title : label,
    description: typeof schema.description === 'string' ? schema.description : null,
    type: typeOf(schema),
    required,
    choices: Array.isArray(schema.enum) ? schema.enum.map(String) : [],
    secret: SECRET.test(key ?? label),
  };
}

/** The fields of a kind's options schema; a kind named `label` when its options are one value. */
export function fieldsOf(schema: JsonSchema, label: string): SchemaField[] {
  const properties = record(schema.properties);
  const isObject = schema.type === 'object' || Object.keys(properties).length > 0;
  if (!isObject) return [fieldOf(null, label, schema, true)];
  const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
  return Object.entries(properties).map(([key, property]) => fieldOf(key, key, record(property), required.includes(key)));
}

/** The inputs for the fields, from the options as written. */
export function inputsOf(fields: readonly SchemaField[], options: unknown): Record<string, FieldInput> {
  const source = record(options);
  return Object.fromEntries(
    fields.map((field) => {
      const value = field.key === null ? options : source[field.key];
      return [field.key ?? '', inputOf(field, value)];
    }),
  );
}

function inputOf(field: SchemaField, value: unknown): FieldInput {
  // A yes/no not written stays unwritten (the kind's default), until it is ticked or unticked.
  if (field.type === 'boolean') return typeof value === 'boolean' ? value : '';
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

/** The options for the workspace file: only the fields given, numbers and JSON as such where they parse (a ${VAR} stays text). */
export function optionsOf(fields: readonly SchemaField[], inputs: Record<string, FieldInput>, written: unknown): unknown {
  if (fields.length === 1 && fields[0]?.key === null) return valueOf(fields[0], inputs[''] ?? '');
  // Keys the schema does not list are the file's, not the form's: keep them.
  const options: Record<string, unknown> = { ...record(written) };
  for (const field of fields) {
    const key = field.key ?? '';
    const value = valueOf(field, inputs[key] ?? '');
    if (value === undefined) delete options[key];
    else options[key] = value;
  }
  return options;
}

function valueOf(field: SchemaField, input: FieldInput): unknown {
  if (typeof input === 'boolean') return input;
  const text = input.trim();
  if (text === '') return undefined;
  if (field.type === 'number' && Number.isFinite(Number(text))) return Number(text);
  if (field.type === 'json') {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** The first required field left empty, if any. */
export function missingField(fields: readonly SchemaField[], inputs: Record<string, FieldInput>): SchemaField | null {
  return fields.find((field) => field.required && field.type !== 'boolean' && String(inputs[field.key ?? ''] ?? '').trim() === '') ?? null;
}
