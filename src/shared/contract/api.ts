import type { OpenApiDocument } from '../openapi/openapi-types';
import { NoInput } from './app';
import { command, returns } from './define';

export const apiCommands = {
  'api.openapi': command({
    permission: 'view',
    input: NoInput,
    output: returns<OpenApiDocument>(),
    rest: 'GET /openapi.json',
    summary: 'This API as an OpenAPI 3.1 document: every command with its input schema, routes, errors and authentication',
  }),
};
