import { z } from 'zod';
import type { CommandMap, CommandSpec, EventMap } from '../contract/define';
import { errorCodes, type ErrorCode } from '../errors';
import { API_PREFIX, EVENTS_PATH, SESSION_COOKIE } from '../wire';
import type { JsonSchema, OpenApiDocument, OpenApiOperation, OpenApiParameter, OpenApiPathItem } from './openapi-types';

export interface OpenApiOptions {
  version: string;
  /** Where the console answers, e.g. http://127.0.0.1:7300 (the paths carry /api/v1). */
  serverUrl: string;
}

/** Fields every spec has that are described on their own; any other (the permission, say) is an x-zervigo- extension. */
const KNOWN_SPEC_FIELDS = new Set(['input', 'summary', 'rest', 'output']);

const ERROR_MEANINGS: Record<ErrorCode, string> = {
  invalid_input: "the input does not pass the command's schema (details.issues says where), or a value is refused",
  unauthorized: 'no token, a wrong one, or an expired session',
  forbidden: 'the caller may not do this',
  not_found: 'no such command, service, alert, silence…',
  conflict: 'the state does not allow it now (e.g. a workspace edit based on an older version)',
  account_locked: 'the account is locked after repeated failed sign-ins; see Retry-After, or an admin unlocks it',
  confirmation_required: 'a stop or restart in an environment with confirm_destructive: send "confirm": true',
  too_many_requests: 'too many failed sign-ins from this address; see Retry-After',
  payload_too_large: 'the body is over the limit (twice the workspace size limit plus 64 KiB)',
  header_too_large: 'the request line and headers are over 16 KiB (a very long query string): send the input as a JSON body to POST /api/v1/rpc/<command>',
  unavailable: 'a part the command needs is not running (e.g. tmux), or the console is stopping',
  internal: 'an unexpected failure; the message says what failed',
};

/**
 * The OpenAPI 3.1 document of a contract: one operation per command on its REST route (if it
 * declares one) and on POST /api/v1/rpc/<command>, its input schema (zod's JSON Schema of the
 * input side), the error shape and codes, and the two ways to authenticate.
 */
export function buildOpenApiDocument(commands: CommandMap, events: EventMap, options: OpenApiOptions): OpenApiDocument {
  const paths: Record<string, OpenApiPathItem> = {};
  const tags = new Map<string, string>();
  const add = (path: string, method: 'get' | 'post' | 'put' | 'delete', operation: OpenApiOperation): void => {
    (paths[path] ??= {})[method] = operation;
  };
  for (const [name, spec] of Object.entries(commands)) {
    const domain = domainOf(name);
    if (!tags.has(domain)) tags.set(domain, `Commands ${domain}.*`);
    const schema = inputSchema(spec);
    const optionalInput = spec.input.safeParse(undefined).success;
    const common = commonFields(name, spec, domain);
    if (spec.rest !== undefined) {
      const { method, path } = spec.rest;
      const pathParams = [...path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1] as string);
      const parameters: OpenApiParameter[] = pathParams.map((param) => ({ name: param, in: 'path', required: true, schema: propertyOf(schema, param) }));
      const operation: OpenApiOperation = { ...common, operationId: name, 'x-zervigo-route': 'rest', responses: responses() };
      if (method === 'GET' || method === 'DELETE') {
        parameters.push(...queryParameters(schema, pathParams));
      } else {
        const body = withoutProperties(schema, pathParams);
        if (hasProperties(body) || !isObjectSchema(body))
          operation.requestBody = { required: !optionalInput && requiredOf(body).length > 0, content: { 'application/json': { schema: body } } };
      }
      if (parameters.length > 0) operation.parameters = parameters;
      add(`${API_PREFIX}${path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}')}`, method.toLowerCase() as 'get' | 'post' | 'put' | 'delete', operation);
    }
    add(`${API_PREFIX}/rpc/${name}`, 'post', {
      ...common,
      operationId: spec.rest === undefined ? name : `${name}:rpc`,
      description: [
        common.description,
        spec.rest === undefined
          ? 'Only through RPC: the command has no readable route.'
          : `The same command as ${spec.rest.method} ${API_PREFIX}${spec.rest.path}, with the whole input as the JSON body.`,
      ]
        .filter(Boolean)
        .join('\n\n'),
      'x-zervigo-route': 'rpc',
      requestBody: { required: !optionalInput, content: { 'application/json': { schema } } },
      responses: responses(),
    });
  }
  paths[EVENTS_PATH] = {
    get: {
      operationId: 'events',
      summary: 'Events over a WebSocket: send {"type":"subscribe","names":[…]}, receive {"type":"event","name","payload"}',
      description: `Upgrade to a WebSocket. Events: ${Object.keys(events).join(', ')}.`,
      tags: ['events'],
      'x-zervigo-command': 'events',
      'x-zervigo-route': 'websocket',
      responses: { '101': { description: 'Switching to the WebSocket protocol' }, '401': { $ref: '#/components/responses/Unauthorized' } },
    },
  };
  tags.set('events', 'The WebSocket that carries every event (see x-zervigo-events)');
  return {
    openapi: '3.1.0',
    info: { title: 'Zervigo API', version: options.version, description: describeApi() },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: options.serverUrl, description: 'this console' }],
    security: [{ bearerToken: [] }, { sessionCookie: [] }],
    tags: [...tags].map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas: {
        ErrorBody: {
          type: 'object',
          properties: {
            code: { type: 'string', enum: Object.keys(errorCodes) },
            message: { type: 'string', description: 'for a person: what is wrong and what to do' },
            details: { description: 'e.g. { issues } for invalid_input' },
          },
          required: ['code', 'message'],
        },
        ErrorReply: { type: 'object', properties: { error: { $ref: '#/components/schemas/ErrorBody' } }, required: ['error'] },
      },
      responses: {
        InvalidInput: errorResponse("invalid_input: the input does not pass the command's schema"),
        Unauthorized: errorResponse('unauthorized: no token, or a wrong one'),
        Error: errorResponse(
          `Any other error; the status follows the code: ${(Object.entries(errorCodes) as [ErrorCode, number][]).map(([code, status]) => `${status} ${code}`).join(', ')}`,
        ),
      },
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'The API token: `zervigo token` prints it (stored 0600 in the data folder).' },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: 'Set by the one-time sign-in link the server prints, or by POST /api/v1/login {"token"}.',
        },
      },
    },
    'x-zervigo-events': Object.entries(events).map(([name, spec]) => ({ name, summary: spec.summary })),
  };
}

/** "services.restart" → "services". */
export function domainOf(command: string): string {
  return command.split('.')[0] ?? command;
}

type CommonFields = Pick<OpenApiOperation, 'summary' | 'tags' | 'description' | 'x-zervigo-command'> & Record<`x-zervigo-${string}`, unknown>;

function commonFields(name: string, spec: CommandSpec, domain: string): CommonFields {
  const fields: CommonFields = { summary: spec.summary, tags: [domain], 'x-zervigo-command': name };
  const extra: string[] = [];
  for (const [key, value] of Object.entries(spec)) {
    if (KNOWN_SPEC_FIELDS.has(key) || value === undefined || typeof value === 'function') continue;
    fields[`x-zervigo-${kebab(key)}`] = value;
    extra.push(`${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  if (extra.length > 0) fields.description = extra.join('\n');
  return fields;
}

/** A command's input as JSON Schema (what a caller may send: defaults optional). */
export function inputSchema(spec: CommandSpec): JsonSchema {
  const schema = z.toJSONSchema(spec.input, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete schema.$schema;
  return schema;
}

function isObjectSchema(schema: JsonSchema): boolean {
  return schema.type === 'object';
}

function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> {
  return (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
}

function hasProperties(schema: JsonSchema): boolean {
  return Object.keys(propertiesOf(schema)).length > 0;
}

function requiredOf(schema: JsonSchema): string[] {
  return (schema.required as string[] | undefined) ?? [];
}

function propertyOf(schema: JsonSchema, name: string): JsonSchema {
  return propertiesOf(schema)[name] ?? { type: 'string' };
}

function withoutProperties(schema: JsonSchema, names: string[]): JsonSchema {
  if (names.length === 0 || !isObjectSchema(schema)) return schema;
  const properties = Object.fromEntries(Object.entries(propertiesOf(schema)).filter(([key]) => !names.includes(key)));
  const required = requiredOf(schema).filter((key) => !names.includes(key));
  const { default: _default, required: _required, ...rest } = schema;
  return required.length > 0 ? { ...rest, properties, required } : { ...rest, properties };
}

/** GET and DELETE take their input from the query string: one parameter per property (lists as a,b). */
function queryParameters(schema: JsonSchema, skip: string[]): OpenApiParameter[] {
  const required = requiredOf(schema);
  return Object.entries(propertiesOf(schema))
    .filter(([name]) => !skip.includes(name))
    .map(([name, property]) => {
      const parameter: OpenApiParameter = { name, in: 'query', required: required.includes(name), schema: property };
      if (property.type === 'array') Object.assign(parameter, { style: 'form', explode: false });
      return parameter;
    });
}

function responses(): Record<string, unknown> {
  return {
    '200': { description: "The command's result as JSON", content: { 'application/json': { schema: {} } } },
    '400': { $ref: '#/components/responses/InvalidInput' },
    '401': { $ref: '#/components/responses/Unauthorized' },
    default: { $ref: '#/components/responses/Error' },
  };
}

function errorResponse(description: string): unknown {
  return { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorReply' } } } };
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

function describeApi(): string {
  return [
    "Every command of Zervigo's contract. Each runs at POST /api/v1/rpc/<command> with its input as the JSON body; many also have a readable route (GET and DELETE take their input from the query string, `:name` path segments are merged in). Inputs are validated with the same schemas on every transport.",
    '',
    'Authenticate with `Authorization: Bearer <token>` (`zervigo token` prints it) or the session cookie a sign-in sets. Errors answer `{ "error": { "code", "message", "details"? } }`:',
    '',
    '| status | code | meaning |',
    '|---|---|---|',
    ...(Object.entries(errorCodes) as [ErrorCode, number][]).map(([code, status]) => `| ${status} | ${code} | ${ERROR_MEANINGS[code]} |`),
  ].join('\n');
}
