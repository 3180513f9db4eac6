import { Validator } from '@seriousme/openapi-schema-validator';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Engine } from '../../src/core/engine';
import { silentLogger } from '../../src/core/logger';
import { loadOrCreateToken } from '../../src/server/auth/api-token';
import { engineBackend } from '../../src/server/backend';
import { startServer } from '../../src/server/server';
import { commands, events } from '../../src/shared/contract';
import { command, returns } from '../../src/shared/contract/define';
import { buildOpenApiDocument } from '../../src/shared/openapi/openapi-document';
import type { OpenApiDocument, OpenApiOperation } from '../../src/shared/openapi/openapi-types';
import { tempDir, writeFile } from '../helpers/temp-dir';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function operations(document: OpenApiDocument): (OpenApiOperation & { path: string; method: string })[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    (['get', 'post', 'put', 'delete'] as const).flatMap((method) => (item[method] === undefined ? [] : [{ ...item[method], path, method }])),
  );
}

async function serve() {
  const dataDir = tempDir();
  const file = writeFile(tempDir(), 'zervigo.yaml', 'version: 1\nmachine: false\n');
  const engine = Engine.start({ dataDir, workspacePath: file, shell: 'server', logger: silentLogger, processEnv: {} });
  cleanups.push(() => engine.stop());
  const token = loadOrCreateToken(dataDir);
  const server = await startServer({ backend: engineBackend(engine), token, port: 0, rendererDir: null });
  engine.setConsoleUrl(server.url);
  cleanups.push(() => server.close());
  return { url: server.url, token };
}

describe('GET /api/v1/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document listing every command of the contract, behind the token like every route', async () => {
    const { url, token } = await serve();
    expect((await fetch(`${url}/api/v1/openapi.json`)).status).toBe(401);
    const response = await fetch(`${url}/api/v1/openapi.json`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const document = (await response.json()) as OpenApiDocument;

    const validator = new Validator();
    const result = await validator.validate(document as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(document.servers[0]?.url).toBe(url);

    const all = operations(document);
    const listed = new Set(all.map((operation) => operation['x-zervigo-command']));
    for (const name of Object.keys(commands)) expect(listed.has(name), name).toBe(true);
    // Every command runs through RPC; those with a readable route are there as well, by method and path.
    for (const [name, spec] of Object.entries(commands)) {
      expect(document.paths[`/api/v1/rpc/${name}`]?.post?.['x-zervigo-command']).toBe(name);
      if (spec.rest === undefined) continue;
      const path = `/api/v1${spec.rest.path.replace(/:(\w+)/g, '{$1}')}`;
      expect(document.paths[path]?.[spec.rest.method.toLowerCase() as 'get']?.operationId, name).toBe(name);
    }
    expect(new Set(all.map((operation) => operation.operationId)).size).toBe(all.length);
    expect(document['x-zervigo-events'].map((event) => event.name).sort()).toEqual(Object.keys(events).sort());
  });

  it('describes inputs: query parameters of GET routes, path parameters, JSON bodies, the error shape', async () => {
    const { url, token } = await serve();
    const document = (await (await fetch(`${url}/api/v1/openapi.json`, { headers: { authorization: `Bearer ${token}` } })).json()) as OpenApiDocument;
    const alerts = document.paths['/api/v1/alerts']?.get;
    const state = alerts?.parameters?.find((parameter) => parameter.name === 'state');
    expect(state).toMatchObject({ in: 'query', required: false, schema: { enum: ['all', 'firing', 'pending', 'resolved', 'silenced'] } });
    const ack = document.paths['/api/v1/alerts/{fingerprint}/ack']?.post;
    expect(ack?.parameters).toEqual([expect.objectContaining({ name: 'fingerprint', in: 'path', required: true })]);
    const ackBody = ack?.requestBody?.content['application/json'].schema as { properties: Record<string, unknown> };
    expect(Object.keys(ackBody.properties)).toEqual(['comment']);
    const silence = document.paths['/api/v1/silences']?.post?.requestBody;
    expect(silence?.required).toBe(true);
    expect(silence?.content['application/json'].schema).toMatchObject({ type: 'object', required: ['matchers', 'comment'] });
    expect(document.components.schemas.ErrorBody).toMatchObject({ required: ['code', 'message'] });
    expect(document.paths['/api/v1/services/restart']?.post?.responses).toMatchObject({
      '400': { $ref: '#/components/responses/InvalidInput' },
      default: { $ref: '#/components/responses/Error' },
    });
    expect(document.info.description).toContain('| 428 | confirmation_required |');
  });
});

describe('the OpenAPI generator', () => {
  it('carries the permission and any further field of a command spec as x-zervigo- extensions', () => {
    const spec = {
      ...command({
        permission: 'operate',
        input: z.strictObject({ service: z.string() }),
        output: returns<null>(),
        rest: 'POST /things/:service/poke',
        summary: 'Poke a thing',
      }),
      auditAs: 'poke',
    };
    const document = buildOpenApiDocument({ 'things.poke': spec }, {}, { version: '1.0.0', serverUrl: 'http://127.0.0.1:1' });
    const rest = document.paths['/api/v1/things/{service}/poke']?.post;
    expect(rest?.['x-zervigo-permission']).toBe('operate');
    expect(rest?.['x-zervigo-audit-as']).toBe('poke');
    expect(rest?.description).toContain('permission: operate');
    expect(document.paths['/api/v1/rpc/things.poke']?.post?.['x-zervigo-permission']).toBe('operate');
    // The path parameter leaves no empty body behind.
    expect(rest?.requestBody).toBeUndefined();
  });
});
