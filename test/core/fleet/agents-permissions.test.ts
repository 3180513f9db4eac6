import { describe, expect, it } from 'vitest';
import { permissionsOf } from '../../../src/shared/auth/permissions';
import type { Principal } from '../../../src/shared/auth/principal';
import type { CallContext } from '../../../src/shared/contract/define';
import { AlertingHarness } from '../rules/alerting-harness';

function as(role: Principal['role']): CallContext {
  const principal: Principal = {
    kind: 'person',
    user: 'vic',
    name: 'vic',
    workspace: 'default',
    role,
    permissions: permissionsOf(role),
    token: null,
    method: null,
    session: null,
  };
  return { actor: 'vic', transport: 'http', principal };
}

/**
 * A command forwarded to an agent runs there with the console's token, so the console decides
 * whether the caller may: the forwarded command's own permission, not agents.call's.
 */
describe('forwarding to agents', () => {
  it("needs the forwarded command's permission, and adding agents needs configure", async () => {
    const h = AlertingHarness.open('version: 1\n');
    const viewer = as('viewer');
    await expect(h.engine.dispatch('agents.call', { agent: 'far', command: 'services.start', input: { services: ['api'] } }, viewer)).rejects.toThrow(
      'services.start needs the operate permission; you are a viewer',
    );
    await expect(h.engine.dispatch('agents.call', { agent: 'far', command: 'sessions.kill' }, as('operator'))).rejects.toThrow(
      'sessions.kill needs the shell permission; you are an operator',
    );
    await expect(h.engine.dispatch('agents.follow', { agent: 'far', events: ['terminal.output'] }, viewer)).rejects.toThrow(
      /terminal\.output needs the \w+ permission; you are a viewer/,
    );
    // What a viewer may do passes the check (and then meets the missing agent).
    await expect(h.engine.dispatch('agents.call', { agent: 'far', command: 'services.list' }, viewer)).rejects.toThrow(
      'no agent "far" (none added: zervigo agents add NAME URL)',
    );
    await expect(h.engine.dispatch('agents.add', { name: 'far', url: 'http://127.0.0.1:9' }, as('operator'))).rejects.toThrow(
      'agents.add needs the configure permission; you are an operator',
    );
    await expect(h.engine.dispatch('agents.list', undefined, viewer)).resolves.toEqual([]);
  });

  it('runs a probe once for a console (probes.run_once): operate, and a command probe needs the shell permission', async () => {
    const h = AlertingHarness.open('version: 1\n');
    const input = (probe: Record<string, unknown>) => ({ service: 'api', probe });
    await expect(h.engine.dispatch('probes.run_once', input({ tcp: '127.0.0.1:9' }), as('viewer'))).rejects.toThrow(
      'probes.run_once needs the operate permission',
    );
    await expect(h.engine.dispatch('probes.run_once', input({ command: ['true'] }), as('operator'))).rejects.toThrow(
      'probes.run_once of a command probe needs the shell permission',
    );
    await expect(h.engine.dispatch('probes.run_once', input({ tcp: '127.0.0.1:9', every: '10' }), as('operator'))).rejects.toThrow(
      'the probe is not valid: every: "10" is not a duration',
    );
    await expect(h.engine.dispatch('probes.run_once', input({ command: ['true'] }), as('admin'))).resolves.toMatchObject({ ok: true, reason: null });
    const refused = (await h.engine.dispatch('probes.run_once', input({ tcp: '127.0.0.1:9', timeout: '1s' }), as('operator'))) as {
      ok: boolean;
      reason: string;
    };
    expect(refused.ok).toBe(false);
    expect(refused.reason).toMatch(/refused/);
  });

  it('refuses an agent named "local" or "all": those mean this console and every host in from: and the Logs page', async () => {
    const h = AlertingHarness.open('version: 1\n');
    await expect(h.engine.dispatch('agents.add', { name: 'local', url: 'http://127.0.0.1:9' }, as('admin'))).rejects.toThrow(
      '"local" is kept for this console itself: pick another agent name',
    );
    await expect(h.engine.dispatch('agents.add', { name: 'ALL', url: 'http://127.0.0.1:9' }, as('admin'))).rejects.toThrow(
      '"ALL" is kept for every host at once: pick another agent name',
    );
    await expect(h.engine.dispatch('agents.list', undefined, as('admin'))).resolves.toEqual([]);
  });
});
