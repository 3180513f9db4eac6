import { describe, expect, it } from 'vitest';
import { signCall } from '../../src/core/automation/webhook-signature';
import type { AuditEntry } from '../../src/shared/types/operate';
import type { JobRunSummary } from '../../src/shared/types/jobs';
import { serveEngine } from '../helpers/serve-engine';
import { waitFor } from '../helpers/wait-for';

const SECRET = 'a-shared-secret-of-the-git-server';

const workspace = `version: 1
machine: false
environments:
  dev: { vars: { HOOK_SECRET: ${SECRET} } }
services:
  web: { start: [sleep, "60"], autostart: false }
jobs:
  rebuild:
    on: { webhook: { secret_env: HOOK_SECRET } }
    steps: [{ exec: ["true"] }]
`;

/** A POST as a git server or CI sends it: no Authorization header, its own content type, signed when a secret is given. */
async function post(url: string, body: string, sign: { secret: string; timestamp?: string } | null) {
  const timestamp = sign?.timestamp ?? String(Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (sign !== null) Object.assign(headers, { 'x-zervigo-timestamp': timestamp, 'x-zervigo-signature': signCall(sign.secret, timestamp, body) });
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('signed webhooks over HTTP, without a token', () => {
  it('starts a job for a correctly signed call only; the signature, not a token, is the credential', async () => {
    const { url, call } = await serveEngine(workspace);
    const trigger = `${url}/api/v1/jobs/rebuild/trigger`;
    const body = 'ref=refs/heads/main&after=0123abc';

    const accepted = await post(trigger, body, { secret: SECRET });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ job: 'rebuild', trigger: 'webhook' });
    const runId = (accepted.body as unknown as JobRunSummary).id;
    await waitFor(async () => (await call<JobRunSummary>('GET', `/jobs/runs/${runId}`)).body.outcome === 'succeeded', { what: 'the triggered run to succeed' });

    // The same request again (a replay), a wrong secret, no signature, a stale timestamp: 401, nothing run.
    const replay = await fetch(trigger, { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
    expect(replay.status).toBe(401);
    expect((await post(trigger, body, { secret: 'guessed' })).body).toMatchObject({ error: { message: 'the signature does not match' } });
    expect((await post(trigger, body, null)).body).toMatchObject({
      error: { message: expect.stringMatching(/^unsigned: send X-Zervigo-Timestamp/) as string },
    });
    const stale = await post(trigger, body, { secret: SECRET, timestamp: String(Math.floor(Date.now() / 1000) - 3600) });
    expect(stale.status).toBe(401);
    const runs = (await call<JobRunSummary[]>('GET', '/jobs/rebuild/runs')).body;
    expect(runs.map((run) => run.id)).toEqual([runId]);
    const audit = (await call<AuditEntry[] | { entries: AuditEntry[] }>('GET', '/audit')).body;
    const refused = (Array.isArray(audit) ? audit : audit.entries).filter((entry) => entry.action === 'job.trigger' && entry.outcome === 'refused');
    expect(refused.length).toBeGreaterThanOrEqual(3);

    // The routes reach their one command: a job without a webhook, a service not deployed by webhook.
    expect((await post(`${url}/api/v1/jobs/nope/trigger`, body, { secret: SECRET })).status).toBe(404);
    expect((await post(`${url}/api/v1/deploys/web/webhook`, body, { secret: SECRET })).body).toMatchObject({
      error: { message: expect.stringContaining('web has no deploy:') as string },
    });
    // Everything else under /api/v1 still needs a token.
    expect((await fetch(`${url}/api/v1/jobs`)).status).toBe(401);
    expect((await fetch(`${url}/api/v1/rpc/jobs.trigger`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(401);
  });
});
