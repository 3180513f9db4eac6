import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/core/engine';
import { engineCall } from '../../helpers/engine-call';
import { personPrincipal } from '../../helpers/principals';
import { deployedWeb } from './deployed-web';
import { versionServer } from './git-fixture';

const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

const person = { actor: 'ada', transport: 'http', principal: personPrincipal('operator', 'ada') } as const;

/** web deployed from a real git repository, no watch window; its build runs `build` (an argv) in the new release folder. */
const setUp = (build: string): ReturnType<typeof deployedWeb> => deployedWeb(engines, `watch: 0s, build: [${build}]`);

const answer = async (port: number): Promise<string> => (await fetch(`http://127.0.0.1:${port}/`)).text();
const leftovers = (releases: string): string[] => fs.readdirSync(releases).filter((entry) => entry.startsWith('.staging-') || entry.startsWith('.current-'));

describe('deploys: bad input around the release folder (real git, real service, real files)', () => {
  it("a folder already at the commit's release path that Zervigo did not make is left alone, and the deploy fails before the switch", async () => {
    const { engine, repo, port, releases } = await setUp('');
    const first = repo.commit({ 'server.js': versionServer('v1') }, 'First');
    expect((await engineCall(engine, 'deploys.start', { service: 'web', wait: true }, person)).outcome).toBe('succeeded');
    const second = repo.commit({ 'server.js': versionServer('v2') }, 'Second');
    // Someone's own folder where the release of the next commit would go.
    fs.mkdirSync(path.join(releases, second));
    fs.writeFileSync(path.join(releases, second, 'notes.txt'), 'mine');

    const blocked = await engineCall(engine, 'deploys.start', { service: 'web', wait: true }, person);
    expect(blocked.outcome).toBe('failed');
    expect(blocked.message).toContain(`${path.join(releases, second)} is in the way and is not a release Zervigo made`);
    expect(blocked.message).toContain('nothing was switched');
    expect(blocked.stages.find((stage) => stage.name === 'switch')?.status).toBe('skipped');
    expect(fs.readFileSync(path.join(releases, second, 'notes.txt'), 'utf8')).toBe('mine');
    expect(fs.readlinkSync(path.join(releases, 'current'))).toBe(first);
    expect(await answer(port)).toBe('v1');
    const audit = await engineCall(engine, 'audit.list', { target: 'web', action: 'deploy', limit: 10 }, person);
    expect(audit.map((entry) => entry.outcome)).toEqual(['failed', 'ok']);
  }, 60_000);

  it('a release Zervigo already built for the commit is reused, not rebuilt', async () => {
    const { engine, repo, port, releases } = await setUp('[sh, -c, "echo built >> ../../builds.log"]');
    const first = repo.commit({ 'server.js': versionServer('v1') }, 'First');
    expect((await engineCall(engine, 'deploys.start', { service: 'web', wait: true }, person)).outcome).toBe('succeeded');
    repo.commit({ 'server.js': versionServer('v2') }, 'Second');
    expect((await engineCall(engine, 'deploys.start', { service: 'web', wait: true }, person)).outcome).toBe('succeeded');
    expect(await answer(port)).toBe('v2');

    const again = await engineCall(engine, 'deploys.start', { service: 'web', ref: first, wait: true }, person);
    expect(again.outcome, again.message ?? '').toBe('succeeded');
    expect(again.stages.find((stage) => stage.name === 'build')?.message).toBe(
      `release ${first.slice(0, 7)} is already present (built before); reused, not rebuilt`,
    );
    expect(fs.readFileSync(path.join(releases, '..', 'builds.log'), 'utf8')).toBe('built\nbuilt\n');
    expect(await answer(port)).toBe('v1');
  }, 60_000);

  it('a build that fills its disk (a real ENOSPC, from /dev/full) fails saying the disk is full: nothing half-built is left, the running release is untouched', async () => {
    const { engine, repo, port, releases } = await setUp('[sh, -c, "test ! -f FILL || head -c 1048576 /dev/zero > /dev/full"]');
    const first = repo.commit({ 'server.js': versionServer('v1') }, 'First');
    expect((await engineCall(engine, 'deploys.start', { service: 'web', wait: true }, person)).outcome).toBe('succeeded');
    repo.commit({ 'server.js': versionServer('v2'), FILL: '' }, 'Fills the disk');

    const full = await engineCall(engine, 'deploys.start', { service: 'web', wait: true }, person);
    expect(full.outcome).toBe('failed');
    expect(full.message).toContain('the disk is full (no space left on device)');
    expect(full.message).toContain(`the running release (${first.slice(0, 7)}) was not touched`);
    expect(full.log.toLowerCase()).toContain('no space left on device');
    expect(leftovers(releases)).toEqual([]);
    expect(fs.readdirSync(releases).sort()).toEqual([first, 'current'].sort());
    expect(fs.readlinkSync(path.join(releases, 'current'))).toBe(first);
    expect(await answer(port)).toBe('v1');
    const alerts = await engineCall(engine, 'alerts.list', undefined, person);
    expect(alerts.find((alert) => alert.alertname === 'DeployFailed')?.state).toBe('firing');
  }, 60_000);
});
