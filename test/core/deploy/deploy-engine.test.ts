import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/core/engine';
import { engineCall } from '../../helpers/engine-call';
import { personPrincipal } from '../../helpers/principals';
import { waitFor } from '../../helpers/wait-for';
import { deployedWeb } from './deployed-web';
import { versionServer } from './git-fixture';

const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

// Deploys and rollbacks are an operator's (the operate permission).
const person = { actor: 'ada', transport: 'http', principal: personPrincipal('operator', 'ada') } as const;

const setUp = (deployExtra = ''): ReturnType<typeof deployedWeb> => deployedWeb(engines, `watch: 1s${deployExtra}`);

const answer = async (port: number): Promise<string> => (await fetch(`http://127.0.0.1:${port}/`)).text();

describe('deploys through the engine (real git, real service)', () => {
  it('deploys a commit stage by stage; a broken commit fails its health gate and is rolled back to the running release, with an alert', async () => {
    const { engine, repo, port, dataDir } = await setUp();
    const good = repo.commit({ 'server.js': versionServer('v1') }, 'First version');

    const first = await engineCall(engine, 'deploys.start', { service: 'web', wait: true }, person);
    expect(first.outcome, first.message ?? '').toBe('succeeded');
    expect(first).toMatchObject({ sha: good, author: 'Dev Eloper <dev@example.com>', subject: 'First version', startedBy: 'ada', currentSha: good });
    expect(first.stages.map((stage) => [stage.name, stage.status])).toEqual(
      ['fetch', 'build', 'release', 'switch', 'restart', 'health', 'watch'].map((name) => [name, 'done']),
    );
    expect(await answer(port)).toBe('v1');
    expect(fs.readlinkSync(path.join(dataDir, 'releases', 'web', 'current'))).toBe(good);

    const bad = repo.commit({ 'server.js': versionServer('v2', { broken: true }) }, 'Broken version');
    const second = await engineCall(engine, 'deploys.start', { service: 'web', wait: true }, person);
    expect(second.outcome).toBe('rolled_back');
    expect(second.sha).toBe(bad);
    expect(second.currentSha).toBe(good);
    const failedAt = second.stages.find((stage) => stage.status === 'failed');
    expect(['restart', 'health']).toContain(failedAt?.name);
    expect(second.stages.find((stage) => stage.name === 'rollback')?.status).toBe('done');
    expect(await answer(port)).toBe('v1');
    expect(fs.readlinkSync(path.join(dataDir, 'releases', 'web', 'current'))).toBe(good);
    const alerts = await engineCall(engine, 'alerts.list', undefined, person);
    expect(alerts.find((alert) => alert.alertname === 'DeployRolledBack')).toMatchObject({ state: 'firing', labels: { service: 'web' } });
    const audit = await engineCall(engine, 'audit.list', { target: 'web', action: 'deploy', limit: 10 }, person);
    expect(audit.map((entry) => entry.outcome)).toEqual(['failed', 'ok']);

    // By hand: the release before the running one.
    repo.commit({ 'server.js': versionServer('v3') }, 'Third version');
    const third = await engineCall(engine, 'deploys.start', { service: 'web', wait: true }, person);
    expect(third.outcome, third.message ?? '').toBe('succeeded');
    expect(await answer(port)).toBe('v3');
    const back = await engineCall(engine, 'deploys.rollback', { service: 'web' }, person);
    expect(back).toMatchObject({ kind: 'rollback', outcome: 'succeeded', currentSha: good });
    expect(await answer(port)).toBe('v1');
    const targets = await engineCall(engine, 'deploys.targets', undefined, person);
    expect(targets[0]?.releases.find((release) => release.current)?.sha).toBe(good);
  }, 60_000);

  it('a ref that does not exist, an unreachable remote and a failing build each fail before the switch: the running release is untouched', async () => {
    const { engine, repo, port } = await setUp(', build: [[sh, -c, "test ! -f FAIL || { echo build broke >&2; exit 4; }"]]');
    repo.commit({ 'server.js': versionServer('v1') }, 'First');
    expect((await engineCall(engine, 'deploys.start', { service: 'web', wait: true }, person)).outcome).toBe('succeeded');

    const missing = await engineCall(engine, 'deploys.start', { service: 'web', ref: 'no-such-tag', wait: true }, person);
    expect(missing.outcome).toBe('failed');
    expect(missing.message).toContain('no branch, tag or commit "no-such-tag"');

    repo.commit({ 'server.js': versionServer('v2'), FAIL: '' }, 'Breaks the build');
    const build = await engineCall(engine, 'deploys.start', { service: 'web', wait: true }, person);
    expect(build.outcome).toBe('failed');
    expect(build.message).toContain('exited with code 4');
    expect(build.log).toContain('build broke');
    expect(build.stages.find((stage) => stage.name === 'switch')?.status).toBe('skipped');
    expect(await answer(port)).toBe('v1');

    fs.renameSync(repo.dir, `${repo.dir}-gone`);
    const unreachable = await engineCall(engine, 'deploys.start', { service: 'web', wait: true }, person);
    expect(unreachable.outcome).toBe('failed');
    expect(unreachable.message).toContain('cannot fetch');
    expect(await answer(port)).toBe('v1');
    const alerts = await engineCall(engine, 'alerts.list', undefined, person);
    expect(alerts.find((alert) => alert.alertname === 'DeployFailed')?.state).toBe('firing');
  }, 60_000);

  it("a build's output is published while the build runs, not only when its stage ends", async () => {
    const { engine, repo } = await setUp(', build: [[sh, -c, "echo half $((1+1)); sleep 2; echo half $((2+2))"]]');
    repo.commit({ 'server.js': versionServer('v1') }, 'First');
    const seen: { build: string | undefined; log: string }[] = [];
    engine.bus.on('deploys.changed', (view) => seen.push({ build: view.stages.find((stage) => stage.name === 'build')?.status, log: view.log }));
    const done = await engineCall(engine, 'deploys.start', { service: 'web', wait: true }, person);
    expect(done.outcome, done.message ?? '').toBe('succeeded');
    const whileBuilding = seen.filter((event) => event.build === 'running');
    // The step's own words (its argv is in the log too) as the shell printed them: "half 2", then 2 s later "half 4".
    expect(whileBuilding.some((event) => event.log.includes('half 2\n') && !event.log.includes('half 4\n'))).toBe(true);
  }, 60_000);

  it('a second deploy of the same service while one runs is refused, naming the first', async () => {
    const { engine, repo } = await setUp(', build: [[sh, -c, "sleep 2"]]');
    repo.commit({ 'server.js': versionServer('v1') }, 'First');
    const first = await engineCall(engine, 'deploys.start', { service: 'web' }, person);
    const second = await engineCall(engine, 'deploys.start', { service: 'web' }, person);
    expect(second.outcome).toBe('refused');
    expect(second.message).toContain(`deploy #${first.id} of web is still running`);
    await waitFor(async () => (await engineCall(engine, 'deploys.get', { id: first.id }, person)).outcome !== 'running', {
      timeoutMs: 30_000,
      what: 'the first deploy to end',
    });
  }, 60_000);
});
