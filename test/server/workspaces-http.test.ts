import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Engine } from '../../src/core/engine';
import { silentLogger } from '../../src/core/logger';
import { WorkspaceHost, type HostedWorkspaceSpec } from '../../src/core/workspace-host';
import { loadOrCreateToken } from '../../src/server/auth/api-token';
import { engineBackend } from '../../src/server/backend';
import { hostedBackends } from '../../src/server/hosted-backends';
import { startServer } from '../../src/server/server';
import type { Role } from '../../src/shared/auth/permissions';
import type { AuditEntry } from '../../src/shared/types/operate';
import type { CreatedToken } from '../../src/shared/types/auth';
import type { HostedWorkspaceView } from '../../src/shared/types/hosted-workspaces';
import { FakeClock } from '../helpers/fake-clock';
import { passwordOf } from '../helpers/people';
import { tempDir, writeFile } from '../helpers/temp-dir';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const SHOP = `version: 1
services:
  cart: { probes: [{ tcp: 127.0.0.1:1, every: 30s }] }
storage: { logs: { max_size: 1GiB } }
`;
const BLOG = `version: 1
services:
  posts: { probes: [{ tcp: 127.0.0.1:1, every: 5s }, { tcp: 127.0.0.1:2, every: 5s }] }
`;

const asSystem = { actor: 'test', transport: 'internal' } as const;

/** One server hosting shop and blog (their files on disk), people shared, shop with quotas. */
async function serveTwo(quotas: HostedWorkspaceSpec['quotas'] = { actionsPerMinute: 3, logStorageBytes: 5 * 1024 * 1024 }) {
  const clock = new FakeClock(Date.now());
  const dataDir = tempDir();
  const files = tempDir();
  const host = WorkspaceHost.start({
    dataDir,
    workspaces: [
      { name: 'shop', workspacePath: writeFile(files, 'shop.yaml', SHOP), quotas },
      { name: 'blog', workspacePath: writeFile(files, 'blog.yaml', BLOG) },
    ],
    shell: 'server',
    logger: silentLogger,
    processEnv: {},
    clock,
  });
  cleanups.push(() => host.stop());
  const token = loadOrCreateToken(dataDir);
  host.auth.registerOwnerToken(token);
  host.auth.hostWorkspaces(['shop', 'blog'], token);
  const engine = (name: string): Engine => host.engines.get(name) as Engine;
  const server = await startServer({
    workspaces: hostedBackends(['shop', 'blog'].map((name) => [name, engineBackend(engine(name))] as const)),
    token,
    port: 0,
    rendererDir: null,
    clock,
  });
  cleanups.push(() => server.close());
  const addPerson = async (name: string, memberships: Record<string, Role>): Promise<void> => {
    const [first, ...rest] = Object.entries<Role>(memberships);
    await engine('shop').dispatch('users.add', { name, role: first?.[1], workspace: first?.[0], password: passwordOf(name) }, asSystem);
    for (const [workspace, role] of rest) await engine('shop').dispatch('users.setRole', { name, role, workspace }, asSystem);
  };
  const signIn = async (name: string): Promise<Record<string, string>> => {
    const response = await fetch(`${server.url}/api/v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: name, password: passwordOf(name) }),
    });
    expect(response.status, await response.clone().text()).toBe(204);
    return { cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] as string };
  };
  const rpc = (path: string, command: string, headers: Record<string, string>, input?: unknown) =>
    fetch(`${server.url}${path}/api/v1/rpc/${command}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: input === undefined ? '' : JSON.stringify(input),
    });
  const owner = { authorization: `Bearer ${token}` };
  return { host, engine, server, token, owner, addPerson, signIn, rpc, clock };
}

const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; message: string } }).error;
const servicesOf = async (response: Response) => {
  expect(response.status).toBe(200);
  return ((await response.json()) as { name: string }[]).map((service) => service.name);
};

describe('several workspaces on one server', () => {
  it('routes each request to its workspace by path or header; each has its own services and store', async () => {
    const { rpc, owner, server, engine } = await serveTwo();
    expect(await servicesOf(await rpc('/w/shop', 'services.list', owner))).toEqual(['cart']);
    expect(await servicesOf(await rpc('/w/blog', 'services.list', owner))).toEqual(['posts']);
    expect(await servicesOf(await rpc('', 'services.list', { ...owner, 'x-zervigo-workspace': 'blog' }))).toEqual(['posts']);
    // REST routes too, and the data folders are apart.
    const rest = await fetch(`${server.url}/w/blog/api/v1/services`, { headers: owner });
    expect(await servicesOf(rest)).toEqual(['posts']);
    expect(engine('shop').info.dataDir).not.toBe(engine('blog').info.dataDir);
    const unknown = await rpc('/w/nope', 'services.list', owner);
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).message).toBe('no workspace nope on this server; this server hosts shop, blog');
    // An unknown workspace tells nothing to who cannot sign in.
    expect((await rpc('/w/nope', 'services.list', { authorization: 'Bearer zvg_wrong' })).status).toBe(401);
  });

  it('a person sees only the workspaces they are a member of, with their role in each', async () => {
    const { rpc, addPerson, signIn, engine } = await serveTwo();
    await addPerson('sam', { shop: 'operator' });
    await addPerson('pat', { shop: 'viewer', blog: 'admin' });
    const sam = await signIn('sam');
    const list = async (headers: Record<string, string>, path = '') => {
      const response = await rpc(path, 'workspaces.list', headers);
      expect(response.status).toBe(200);
      return (await response.json()) as HostedWorkspaceView[];
    };
    // Signed in without naming a workspace: sam lands in the one he is in.
    expect(await list(sam)).toEqual([{ name: 'shop', role: 'operator', current: true, quotas: { actionsPerMinute: 3, logStorageBytes: 5 * 1024 * 1024 } }]);
    expect(await servicesOf(await rpc('', 'services.list', sam))).toEqual(['cart']);
    const refused = await rpc('/w/blog', 'services.list', sam);
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).message).toBe('sam is not a member of workspace blog');
    const audit = (await engine('blog').dispatch('audit.list', { limit: 20 }, asSystem)) as AuditEntry[];
    expect(audit.find((entry) => entry.action === 'workspace.open')).toMatchObject({
      outcome: 'refused',
      target: 'blog',
      message: 'sam is not a member of workspace blog',
    });

    const pat = await signIn('pat');
    expect((await list(pat, '/w/blog')).map((workspace) => [workspace.name, workspace.role, workspace.current])).toEqual([
      ['shop', 'viewer', false],
      ['blog', 'admin', true],
    ]);
    // One session, a role per workspace: pat may edit settings in blog, not in shop.
    expect((await rpc('/w/blog', 'settings.update', pat, { operatorName: 'pat' })).status).toBe(200);
    const viewer = await rpc('/w/shop', 'settings.update', pat, { operatorName: 'pat' });
    expect(viewer.status).toBe(403);
    expect((await errorOf(viewer)).message).toBe('settings.update needs the configure permission; you are a viewer');
  });

  it('a token opens only its own workspace: used against another it is refused with 403 naming both, and audited', async () => {
    const { rpc, addPerson, engine } = await serveTwo();
    await addPerson('ci', { shop: 'operator', blog: 'operator' });
    const created = (await engine('shop').dispatch('tokens.create', { user: 'ci', name: 'deploy', workspace: 'shop' }, asSystem)) as CreatedToken;
    const bearer = { authorization: `Bearer ${created.token}` };
    expect(await servicesOf(await rpc('', 'services.list', bearer))).toEqual(['cart']);
    expect(await servicesOf(await rpc('/w/shop', 'services.list', bearer))).toEqual(['cart']);
    for (const response of [await rpc('/w/blog', 'services.list', bearer), await rpc('', 'services.list', { ...bearer, 'x-zervigo-workspace': 'blog' })]) {
      expect(response.status).toBe(403);
      expect((await errorOf(response)).message).toBe('token deploy of ci is for workspace shop, not blog');
    }
    const audit = (await engine('blog').dispatch('audit.list', { limit: 20 }, asSystem)) as AuditEntry[];
    expect(audit.filter((entry) => entry.action === 'workspace.open' && entry.outcome === 'refused')).toHaveLength(2);
    // A token of a workspace this server does not host opens nothing either. (users.setRole refuses
    // such a workspace; the role is left from a server that hosted it, or prepared with none running.)
    const store = engine('shop').auth.store;
    store.setRole(store.userByName('ci')?.id as number, 'default', 'viewer');
    const elsewhere = (await engine('shop').dispatch('tokens.create', { user: 'ci', name: 'old', workspace: 'default' }, asSystem)) as CreatedToken;
    const stray = await rpc('', 'services.list', { authorization: `Bearer ${elsewhere.token}` });
    expect(stray.status).toBe(403);
    expect((await errorOf(stray)).message).toBe('ci (token old) is for workspace default, which is not on this server; this server hosts shop, blog');
    const refused = engine('shop').dispatch('users.setRole', { name: 'ci', role: 'operator', workspace: 'defalt' }, asSystem);
    await expect(refused).rejects.toThrow('no workspace defalt on this server; this server hosts shop, blog');
  });

  it("each workspace's events stream apart", async () => {
    const { server, token, engine } = await serveTwo();
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/w/blog/api/v1/events`, { headers: { authorization: `Bearer ${token}` } });
    cleanups.push(async () => socket.close());
    const received: string[] = [];
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { name: string; payload: { operatorName: string | null } };
      received.push(message.payload.operatorName ?? '');
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    socket.send(JSON.stringify({ type: 'subscribe', names: ['settings.changed'] }));
    // The subscription is in once an event sent after it arrives; shop's events never do.
    await expect
      .poll(
        async () => {
          await engine('shop').dispatch('settings.update', { operatorName: 'shop-event' }, asSystem);
          await engine('blog').dispatch('settings.update', { operatorName: 'blog-event' }, asSystem);
          return received;
        },
        { timeout: 5000 },
      )
      .toContain('blog-event');
    expect(received).not.toContain('shop-event');
  });
});

describe('quotas of a workspace', () => {
  it('refuses actions over the rate with 429 naming the quota, and audits them; reads are not counted', async () => {
    const { rpc, owner, engine, clock } = await serveTwo({ actionsPerMinute: 3 });
    for (let i = 0; i < 3; i++) expect((await rpc('/w/shop', 'settings.update', owner, { operatorName: `o${i}` })).status).toBe(200);
    expect((await rpc('/w/shop', 'services.list', owner)).status).toBe(200);
    const over = await rpc('/w/shop', 'settings.update', owner, { operatorName: 'o4' });
    expect(over.status).toBe(429);
    expect((await errorOf(over)).message).toBe('settings.update refused: workspace shop is over its quota actions_per_minute (3); try again in 60 s');
    // blog has no quota; shop's minute passes.
    expect((await rpc('/w/blog', 'settings.update', owner, { operatorName: 'b' })).status).toBe(200);
    const audit = (await engine('shop').dispatch('audit.list', { limit: 20 }, asSystem)) as AuditEntry[];
    expect(audit.find((entry) => entry.outcome === 'refused' && entry.action === 'settings.update')?.message).toMatch(/quota actions_per_minute/);
    clock.set(clock.now() + 60_001);
    expect((await rpc('/w/shop', 'settings.update', owner, { operatorName: 'o5' })).status).toBe(200);
  });

  it('trims log storage to the quota when the workspace asks for more', async () => {
    const { engine } = await serveTwo({ logStorageBytes: 5 * 1024 * 1024 });
    expect(engine('shop').logs.store.limits.maxBytes).toBe(5 * 1024 * 1024);
    expect(engine('blog').logs.store.limits.maxBytes).toBe(1024 ** 3);
  });

  it('refuses a workspace over its probe count or under its shortest interval, with file:line', async () => {
    const files = tempDir();
    const start = (quotas: HostedWorkspaceSpec['quotas']) =>
      WorkspaceHost.start({
        dataDir: tempDir(),
        workspaces: [{ name: 'blog', workspacePath: writeFile(files, 'blog.yaml', BLOG), quotas }],
        shell: 'server',
        logger: silentLogger,
        processEnv: {},
      });
    expect(() => start({ probes: 1 })).toThrow(
      /blog\.yaml:3:\d+: services\.posts\.probes\[1\]: quota probes: this workspace may have at most 1 probes; this is probe 2/,
    );
    expect(() => start({ minProbeIntervalMs: 10_000 })).toThrow(
      /blog\.yaml:3:\d+: services\.posts\.probes\[0\]\.every: quota min_probe_interval: probes here run at most every 10s; this one is every 5s/,
    );
    // Within the quotas it runs, and an edit over them is refused the same way (the running version stays).
    const host = start({ probes: 2, minProbeIntervalMs: 5_000 });
    cleanups.push(() => host.stop());
    const blog = host.engines.get('blog') as Engine;
    const view = blog.workspace.view();
    await expect(
      blog.dispatch('workspace.save', { content: BLOG.replace('every: 5s }]', 'every: 5s }, { tcp: 127.0.0.1:3 }]'), baseVersionId: view.versionId }, asSystem),
    ).rejects.toThrow(/quota probes: this workspace may have at most 2 probes; this is probe 3/);
    expect(blog.workspace.view().versionId).toBe(view.versionId);
  });
});

describe('the one-workspace form', () => {
  it('answers as before, and names its one workspace "default"', async () => {
    const dataDir = tempDir();
    const engine = Engine.start({ dataDir, workspacePath: null, shell: 'server', logger: silentLogger, processEnv: {} });
    cleanups.push(() => engine.stop());
    const token = loadOrCreateToken(dataDir);
    const server = await startServer({ backend: engineBackend(engine), token, port: 0, rendererDir: null });
    cleanups.push(() => server.close());
    const get = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, ...headers } });
    const plain = await get('/api/v1/rpc/workspaces.list');
    expect(await plain.json()).toEqual([{ name: 'default', role: 'admin', current: true, quotas: null }]);
    expect((await get('/w/default/api/v1/rpc/services.list')).status).toBe(200);
    expect((await get('/api/v1/rpc/services.list', { 'x-zervigo-workspace': 'other' })).status).toBe(404);
  });
});
