/**
 * The part of OpenAPI 3.1 Zervigo's document uses (schemas are JSON Schema 2020-12, as zod 4
 * writes them). Typed loosely where the specification allows anything.
 */
export type JsonSchema = Record<string, unknown>;

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  description?: string;
  schema: JsonSchema;
  style?: 'form' | 'simple';
  explode?: boolean;
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: OpenApiParameter[];
  requestBody?: { required: boolean; content: { 'application/json': { schema: JsonSchema } } };
  responses: Record<string, unknown>;
  /** The contract command this operation runs. */
  'x-zervigo-command': string;
  /** 'rest' for the readable route, 'rpc' for POST /api/v1/rpc/<command>, 'websocket' for the events. */
  'x-zervigo-route': 'rest' | 'rpc' | 'websocket';
  [extension: `x-${string}`]: unknown;
}

export type OpenApiPathItem = Partial<Record<'get' | 'post' | 'put' | 'delete', OpenApiOperation>> & { summary?: string; description?: string };

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  jsonSchemaDialect: string;
  servers: { url: string; description?: string }[];
  security: Record<string, string[]>[];
  tags: { name: string; description: string }[];
  paths: Record<string, OpenApiPathItem>;
  components: { schemas: Record<string, JsonSchema>; responses: Record<string, unknown>; securitySchemes: Record<string, unknown> };
  /** The WebSocket events (GET /api/v1/events), which OpenAPI cannot describe as operations. */
  'x-zervigo-events': { name: string; summary: string }[];
}
