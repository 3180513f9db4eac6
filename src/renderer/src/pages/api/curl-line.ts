import type { JsonSchema, OpenApiDocument, OpenApiOperation } from '../../../../shared/openapi/openapi-types';

/** An operation as the API page shows it: where it lives and what it takes. */
export interface ApiOperation {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  operation: OpenApiOperation;
}

export interface ApiCommand {
  name: string;
  domain: string;
  summary: string;
  rest: ApiOperation | null;
  rpc: ApiOperation | null;
  /** Fields of the spec beyond the usual (x-zervigo-<field>): a permission, say. */
  extensions: [string, unknown][];
}

const OWN_EXTENSIONS = new Set(['x-zervigo-command', 'x-zervigo-route']);

/** The document's operations gathered per command, in the contract's order. */
export function commandsOf(document: OpenApiDocument): ApiCommand[] {
  const byName = new Map<string, ApiCommand>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'post', 'put', 'delete'] as const) {
      const operation = item[method];
      if (operation === undefined || operation['x-zervigo-route'] === 'websocket') continue;
      const name = operation['x-zervigo-command'];
      let entry = byName.get(name);
      if (entry === undefined) {
        const extensions = Object.entries(operation).filter(([key]) => key.startsWith('x-zervigo-') && !OWN_EXTENSIONS.has(key)) as [string, unknown][];
        entry = {
          name,
          domain: operation.tags[0] ?? name,
          summary: operation.summary,
          rest: null,
          rpc: null,
          extensions: extensions.map(([key, value]) => [key.slice('x-zervigo-'.length), value]),
        };
        byName.set(name, entry);
      }
      if (operation['x-zervigo-route'] === 'rpc') entry.rpc = { method, path, operation };
      else entry.rest = { method, path, operation };
    }
  }
  return [...byName.values()];
}

/** The input schema of a command (the RPC body holds all of it). */
export function inputSchemaOf(command: ApiCommand): JsonSchema {
  const body = command.rpc?.operation.requestBody?.content['application/json'].schema;
  if (body !== undefined) return body;
  return { type: 'object', properties: Object.fromEntries((command.rest?.operation.parameters ?? []).map((parameter) => [parameter.name, parameter.schema])) };
}

/** A value that passes a schema, for an example: the default, the first of an enum, else by type. */
export function exampleOf(schema: JsonSchema, depth = 0): unknown {
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[])[0];
  const variants = (schema.anyOf as JsonSchema[] | undefined) ?? (schema.oneOf as JsonSchema[] | undefined);
  if (variants !== undefined && variants[0] !== undefined) return exampleOf(variants[0], depth + 1);
  switch (schema.type) {
    case 'string':
      return '…';
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return false;
    case 'array':
      return depth > 4 || schema.items === undefined ? [] : [exampleOf(schema.items as JsonSchema, depth + 1)];
    case 'object': {
      const required = (schema.required as string[] | undefined) ?? [];
      const properties = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
      return Object.fromEntries(
        required.filter((name) => properties[name] !== undefined).map((name) => [name, exampleOf(properties[name] as JsonSchema, depth + 1)]),
      );
    }
    default:
      return null;
  }
}

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * A curl line that runs the command against `serverUrl`: its readable route when it has one
 * (required query and path values filled with examples), else RPC with a body of the
 * required fields. The token comes from $ZERVIGO_TOKEN, never pasted into the line.
 */
export function curlLine(command: ApiCommand, serverUrl: string): string {
  const base = serverUrl.replace(/\/+$/, '');
  const auth = '-H "Authorization: Bearer $ZERVIGO_TOKEN"';
  const rest = command.rest;
  if (rest !== null) {
    const parameters = rest.operation.parameters ?? [];
    let path = rest.path;
    for (const parameter of parameters.filter((entry) => entry.in === 'path'))
      path = path.replace(`{${parameter.name}}`, encodeURIComponent(String(exampleOf(parameter.schema))));
    const query = parameters
      .filter((entry) => entry.in === 'query' && entry.required)
      .map((entry) => `${encodeURIComponent(entry.name)}=${encodeURIComponent(String(exampleOf(entry.schema)))}`)
      .join('&');
    const url = `${base}${path}${query === '' ? '' : `?${query}`}`;
    const schema = rest.operation.requestBody?.content['application/json'].schema;
    if (rest.method === 'get') return `curl ${auth} ${quote(url)}`;
    const body = schema === undefined ? '' : ` -H 'content-type: application/json' -d ${quote(JSON.stringify(exampleOf(schema)))}`;
    return `curl -X ${rest.method.toUpperCase()} ${auth}${body} ${quote(url)}`;
  }
  const path = command.rpc?.path ?? `/api/v1/rpc/${command.name}`;
  return `curl -X POST ${auth} -H 'content-type: application/json' -d ${quote(JSON.stringify(exampleOf(inputSchemaOf(command))))} ${quote(`${base}${path}`)}`;
}
