import { describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '../../src/shared/openapi/openapi-types';
import type { AgentRemoval, AgentView } from '../../src/shared/types/fleet';
import { serveEngine } from '../helpers/serve-engine';

interface ErrorReply {
  error: { code: string; message: string; details?: { probes?: unknown[] } };
}

/**
 * DELETE /api/v1/agents/:name over real HTTP: refused while a probe's from: names the agent
 * (409, the CLI's own message with each probe at file:line:col), removed with ?force=true.
 */
describe('DELETE /api/v1/agents/:name', () => {
  it("refuses while probes' from: name the agent, removes it with ?force=true, and refuses a force that is not true or false", async () => {
    const { engine, call } = await serveEngine('version: 1\n');
    // Nothing listens on port 9: the agent is down, which is all removal needs.
    expect((await call('POST', '/agents', { name: 'beta', url: 'http://127.0.0.1:9' })).status).toBe(200);
    const workspace = 'version: 1\nservices:\n  api:\n    probes:\n      - { tcp: "127.0.0.1:9", every: 10s, from: [beta] }\n';
    engine.workspace.save(workspace, 'app');
    const names = async () => (await call<AgentView[]>('GET', '/agents')).body.map((agent) => agent.name);

    for (const query of ['', '?force=false']) {
      const refused = await call<ErrorReply>('DELETE', `/agents/beta${query}`);
      expect(refused.status, query).toBe(409);
      expect(refused.body.error.code).toBe('conflict');
      expect(refused.body.error.message).toMatch(
        /^agent beta is named in the from: of a probe; take it out there first, or remove it anyway \(force; --force\) and they fail with "no agent beta":\n {2}\S+zervigo\.yaml:5:50 {2}api\/tcp#0$/,
      );
      expect(refused.body.error.details?.probes).toHaveLength(1);
    }
    // "yes" is not read as no (nor as yes): refused, saying what it takes.
    const typo = await call<ErrorReply>('DELETE', '/agents/beta?force=yes');
    expect([typo.status, typo.body.error.code]).toEqual([400, 'invalid_input']);
    expect(typo.body.error.message).toContain('force is true or false (?force=true)');
    expect(await names()).toEqual(['beta']);

    const forced = await call<AgentRemoval>('DELETE', '/agents/beta?force=true');
    expect(forced.status).toBe(200);
    expect(forced.body).toEqual({ removed: true, stillNamedBy: [{ at: expect.stringMatching(/zervigo\.yaml:5:50$/) as string, probe: 'api/tcp#0' }] });
    expect(await names()).toEqual([]);
    // Gone already: said, not an error.
    expect((await call<AgentRemoval>('DELETE', '/agents/beta?force=true')).body).toEqual({ removed: false, stillNamedBy: expect.any(Array) as unknown[] });

    // The OpenAPI document says it: force is a boolean query parameter of the DELETE route.
    const document = (await call<OpenApiDocument>('GET', '/openapi.json')).body;
    const remove = document.paths['/api/v1/agents/{name}']?.delete;
    expect(remove?.summary).toContain('unless force (?force=true)');
    expect(remove?.parameters).toEqual([
      expect.objectContaining({ name: 'name', in: 'path', required: true }),
      expect.objectContaining({
        name: 'force',
        in: 'query',
        required: false,
        schema: expect.objectContaining({ type: 'boolean', default: false, description: expect.stringContaining('?force=true') as string }) as object,
      }),
    ]);
  }, 30_000);
});
