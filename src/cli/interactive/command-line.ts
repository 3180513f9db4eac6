import type { JsonSchema } from '../../shared/openapi/openapi-types';
import { ZervigoError } from '../../shared/errors';

/** One line typed at the shell: a contract command and its input. */
export interface ParsedLine {
  command: string;
  input: unknown;
}

/** Splits at spaces outside quotes and brackets: `a=1 b="x y" c=[1, 2]` is three words. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: string | null = null;
  let depth = 0;
  let started = false;
  for (const character of line) {
    if (quote !== null) {
      if (character === quote) quote = null;
      else word += character;
      continue;
    }
    if ((character === '"' || character === "'") && depth === 0) {
      quote = character;
      started = true;
      continue;
    }
    if (character === '{' || character === '[') depth++;
    if ((character === '}' || character === ']') && depth > 0) depth--;
    if (/\s/.test(character) && depth === 0) {
      if (started) words.push(word);
      word = '';
      started = false;
      continue;
    }
    word += character;
    started = true;
  }
  if (quote !== null) throw new ZervigoError('invalid_input', `a quote (${quote}) is not closed`);
  if (started) words.push(word);
  return words;
}

/**
 * `services.restart services=api,db confirm=true`, or the input as JSON: `alerts.list {"state":"firing"}`.
 * A value is read by its field's type in the command's input schema: lists split at commas,
 * numbers and booleans parsed, objects as JSON; anything else is text.
 */
export function parseCommandLine(line: string, schemaOf: (command: string) => JsonSchema | undefined): ParsedLine | null {
  const trimmed = line.trim();
  if (trimmed === '') return null;
  const space = trimmed.search(/\s/);
  const command = space === -1 ? trimmed : trimmed.slice(0, space);
  const rest = space === -1 ? '' : trimmed.slice(space + 1).trim();
  const schema = schemaOf(command);
  if (schema === undefined) throw new ZervigoError('not_found', `no command "${command}"; type help for the list`);
  if (rest === '') return { command, input: undefined };
  if (rest.startsWith('{')) {
    try {
      return { command, input: JSON.parse(rest) as unknown };
    } catch (error) {
      throw new ZervigoError('invalid_input', `the input is not JSON: ${(error as Error).message}`);
    }
  }
  const properties = propertiesOf(schema);
  const input: Record<string, unknown> = {};
  for (const word of splitWords(rest)) {
    const equals = word.indexOf('=');
    if (equals <= 0)
      throw new ZervigoError(
        'invalid_input',
        `"${word}" is not key=value${Object.keys(properties).length > 0 ? ` (${command} takes ${Object.keys(properties).join(', ')})` : ` (${command} takes no input)`}`,
      );
    const key = word.slice(0, equals);
    const property = properties[key];
    if (property === undefined)
      throw new ZervigoError(
        'invalid_input',
        `${command} has no field "${key}"${Object.keys(properties).length > 0 ? ` (it takes ${Object.keys(properties).join(', ')})` : ' (it takes no input)'}`,
      );
    input[key] = valueFor(property, word.slice(equals + 1));
  }
  return { command, input };
}

/** The properties of an object schema (or of the object variant of an optional input). */
export function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> {
  const own = schema.properties as Record<string, JsonSchema> | undefined;
  if (own !== undefined) return own;
  for (const variant of [...((schema.anyOf as JsonSchema[] | undefined) ?? []), ...((schema.oneOf as JsonSchema[] | undefined) ?? [])]) {
    const found = variant.properties as Record<string, JsonSchema> | undefined;
    if (found !== undefined) return found;
  }
  return {};
}

function typesOf(schema: JsonSchema): string[] {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type as string[];
  return [...((schema.anyOf as JsonSchema[] | undefined) ?? []), ...((schema.oneOf as JsonSchema[] | undefined) ?? [])].flatMap(typesOf);
}

function valueFor(schema: JsonSchema, text: string): unknown {
  const types = typesOf(schema);
  if (types.includes('array')) {
    if (text.startsWith('[')) return parseJson(text);
    const items = (schema.items as JsonSchema | undefined) ?? { type: 'string' };
    return text === '' ? [] : text.split(',').map((item) => valueFor(items, item.trim()));
  }
  if (types.includes('object')) return parseJson(text);
  if ((types.includes('number') || types.includes('integer')) && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (types.includes('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  if (types.includes('null') && text === 'null') return null;
  return text;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ZervigoError('invalid_input', `${text} is not JSON: ${(error as Error).message}`);
  }
}
