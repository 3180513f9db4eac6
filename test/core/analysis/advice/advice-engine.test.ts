import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../../src/core/engine';
import { silentLogger } from '../../../../src/core/logger';
import { permissionsOf } from '../../../../src/shared/auth/permissions';
import type { Principal } from '../../../../src/shared/auth/principal';
import type { CallContext } from '../../../../src/shared/contract/define';
import type { AdviceApplyResult, InsightsView } from '../../../../src/shared/types/insights';
import type { ConfigVersionSummary } from '../../../../src/shared/types/workspace';
import { FakeClock } from '../../../helpers/fake-clock';
import { tempDir, writeFile } from '../../../helpers/temp-dir';
import { HOUR, noise } from './advice-bench';

const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

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

const WORKSPACE = `version: 1
machine: false
services:
  api:
    probes:
      - { http: "http://127.0.0.1:9/health", every: 10s, timeout: 2s }
  db:
    probes:
      - { http: "http://127.0.0.1:9/db", every: 10s, timeout: 2s }
`;

function start(dataDir: string, workspacePath: string, clock: FakeClock): Engine {
  const engine = Engine.start({ dataDir, workspacePath, shell: 'server', logger: silentLogger, processEnv: {}, clock, tickMs: 1_000, probeSpreadMs: HOUR });
  engines.push(engine);
  return engine;
}

/** An hour of slow checks for both services, written to the engine's own store. */
function slowHour(engine: Engine, clock: FakeClock): void {
  const ids = ['api', 'db'].map((service) => engine.series.index.idOf('probe_duration_seconds', { service, probe: 'http#0', instance: '127.0.0.1:9' }));
  for (let i = 0; i < 360; i++) {
    for (const id of ids) engine.series.writer.append(id, clock.now(), 1.6 + 0.1 * noise(i));
    engine.series.writer.flush();
    clock.set(clock.now() + 10_000);
  }
}

describe('advice in the engine', () => {
  it('is listed to viewers on the advice cadence, dismissed by operators for good (across a restart), applied by admins into the config history', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 0, 0, 0));
    const dataDir = tempDir();
    const workspacePath = writeFile(tempDir(), 'zervigo.yaml', WORKSPACE);
    let engine = start(dataDir, workspacePath, clock);
    slowHour(engine, clock);
    // Worked out on its 5-minute cadence, not per sample.
    clock.advance(5 * 60_000);
    const listed = (await engine.dispatch('insights.list', { kind: 'advice' }, as('viewer'))) as InsightsView;
    expect(listed.advice.map((advice) => advice.id).sort()).toEqual(['probe-timeout:api/http#0', 'probe-timeout:db/http#0']);
    expect(listed.anomalies).toEqual([]);
    const onlyDb = (await engine.dispatch('insights.list', { service: 'db' }, as('viewer'))) as InsightsView;
    expect(onlyDb.advice.map((advice) => advice.id)).toEqual(['probe-timeout:db/http#0']);

    await expect(engine.dispatch('insights.dismissAdvice', { id: 'probe-timeout:db/http#0' }, as('viewer'))).rejects.toThrow(/needs the operate permission/);
    await expect(engine.dispatch('insights.applyAdvice', { id: 'probe-timeout:api/http#0' }, as('operator'))).rejects.toThrow(/needs the configure permission/);
    const dismissed = (await engine.dispatch('insights.dismissAdvice', { id: 'probe-timeout:db/http#0' }, as('operator'))) as InsightsView;
    expect(dismissed.advice.map((advice) => advice.id)).toEqual(['probe-timeout:api/http#0']);
    await expect(engine.dispatch('insights.dismissAdvice', { id: 'probe-timeout:nope' }, as('operator'))).rejects.toThrow(/no current advice/);

    // The diff first, nothing saved…
    const preview = (await engine.dispatch('insights.applyAdvice', { id: 'probe-timeout:api/http#0', dryRun: true }, as('admin'))) as AdviceApplyResult;
    expect(preview).toMatchObject({ applied: false, versionId: null, change: 'timeout: 2s → 5s', issues: [] });
    expect(preview.diff).toContain('-      - { http: "http://127.0.0.1:9/health", every: 10s, timeout: 2s }');
    expect(preview.diff).toContain('+      - { http: "http://127.0.0.1:9/health", every: 10s, timeout: 5s }');
    expect(fs.readFileSync(workspacePath, 'utf8')).toBe(WORKSPACE);
    // …then saved: a new version in the history, the file changed, the advice gone.
    const before = (await engine.dispatch('workspace.history', {}, as('viewer'))) as ConfigVersionSummary[];
    const applied = (await engine.dispatch('insights.applyAdvice', { id: 'probe-timeout:api/http#0' }, as('admin'))) as AdviceApplyResult;
    expect(applied.applied).toBe(true);
    const after = (await engine.dispatch('workspace.history', {}, as('viewer'))) as ConfigVersionSummary[];
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]?.id).toBe(applied.versionId);
    expect(fs.readFileSync(workspacePath, 'utf8')).toContain('timeout: 5s');
    expect(((await engine.dispatch('insights.list', {}, as('viewer'))) as InsightsView).advice).toEqual([]);

    // The dismissal outlives the engine: the db advice is worked out again and stays hidden.
    await engine.stop();
    engine = start(dataDir, workspacePath, clock);
    const again = (await engine.dispatch('insights.list', {}, as('viewer'))) as InsightsView;
    expect(again.advice).toEqual([]);
    expect(engine.analysis.advice.get('probe-timeout:db/http#0')).toBeUndefined();
  });

  it('refuses to apply advice over an edit of the file that did not load, saying why; applies once the file loads, keeping the edit', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 0, 0, 0));
    const workspacePath = writeFile(tempDir(), 'zervigo.yaml', WORKSPACE);
    const engine = start(tempDir(), workspacePath, clock);
    slowHour(engine, clock);
    clock.advance(5 * 60_000);
    const id = 'probe-timeout:api/http#0';
    const shown = (await engine.dispatch('insights.applyAdvice', { id, dryRun: true }, as('admin'))) as AdviceApplyResult;
    expect(shown.diff).toContain('timeout: 5s');
    // The file changed (and loads) after the diff was shown: saving "the diff I saw" is refused.
    fs.writeFileSync(workspacePath, WORKSPACE.replace('machine: false\n', 'machine: false\n# a later edit\n'));
    engine.workspace.reloadFromFile();
    await expect(engine.dispatch('insights.applyAdvice', { id, baseVersionId: shown.baseVersionId }, as('admin'))).rejects.toThrow(
      `the workspace changed since the diff was shown (version ${shown.baseVersionId + 1} is running, the diff was made on ${shown.baseVersionId}): look at the new diff and apply again`,
    );
    expect(fs.readFileSync(workspacePath, 'utf8')).not.toContain('timeout: 5s');
    // Someone is editing the file by hand: half-way through, it does not load.
    const halfEdited = WORKSPACE.replace('machine: false\n', 'machine: false\n# keep me\nthis is: [not valid\n');
    fs.writeFileSync(workspacePath, halfEdited);
    engine.workspace.reloadFromFile();
    await expect(engine.dispatch('insights.applyAdvice', { id }, as('admin'))).rejects.toThrow(
      /the workspace file changed since the running version and does not load \(.*zervigo\.yaml:\d+:\d+: .*\): applying probe-timeout:api\/http#0 would save over that edit; fix or undo it in the file first/,
    );
    await expect(engine.dispatch('insights.applyAdvice', { id, dryRun: true }, as('admin'))).rejects.toThrow(/does not load/);
    expect(fs.readFileSync(workspacePath, 'utf8')).toBe(halfEdited);
    // The edit finished: it loads, and the advice is applied on top of it.
    fs.writeFileSync(workspacePath, WORKSPACE.replace('machine: false\n', 'machine: false\n# keep me\n'));
    engine.workspace.reloadFromFile();
    const applied = (await engine.dispatch('insights.applyAdvice', { id }, as('admin'))) as AdviceApplyResult;
    expect(applied.applied).toBe(true);
    expect(fs.readFileSync(workspacePath, 'utf8')).toMatch(/# keep me[\s\S]*timeout: 5s/);
  });

  it("applies the log-pattern advice as a rule on the pattern's rate: the diff first, then a new version in the history, and the advice gone", async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 0, 0, 0));
    const yaml = 'version: 1\nmachine: false\nservices:\n  api: {}\n';
    const workspacePath = writeFile(tempDir(), 'zervigo.yaml', yaml);
    const engine = start(tempDir(), workspacePath, clock);
    engine.db
      .prepare('INSERT INTO log_patterns (id, service, template, level, count, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(7, 'api', 'retrying <*> after timeout', 40, 0, 0, 0);
    const lines = engine.series.index.idOf('log_lines_total', { service: 'api', level: 'info' });
    const common = engine.series.index.idOf('log_pattern_lines_total', { service: 'api', pattern: '1' });
    const flood = engine.series.index.idOf('log_pattern_lines_total', { service: 'api', pattern: '7' });
    // 6 h 15 min a minute at a time: 60 lines/min of pattern 1 and 6 of pattern 7, then 15 min of pattern 7 at 300/min.
    let ones = 0;
    let sevens = 0;
    for (let minute = 1; minute <= 375; minute++) {
      clock.set(clock.now() + 60_000);
      ones += 60;
      sevens += minute > 360 ? 300 : 6;
      engine.series.writer.append(common, clock.now(), ones);
      engine.series.writer.append(flood, clock.now(), sevens);
      engine.series.writer.append(lines, clock.now(), ones + sevens);
      engine.series.writer.flush();
    }
    engine.analysis.refreshAdvice();
    const id = 'log-pattern:api:7';
    expect(engine.analysis.advice.get(id)?.apply?.change).toMatch(
      /^add rule LogPatternFlood: rate\(log_pattern_lines_total\{pattern="7",service="api"\}\[5m\]\) > 0\.\d+ for 5m$/,
    );

    const preview = (await engine.dispatch('insights.applyAdvice', { id, dryRun: true }, as('admin'))) as AdviceApplyResult;
    expect(preview).toMatchObject({ applied: false, issues: [] });
    expect(preview.diff).toContain('+rules:');
    expect(preview.diff).toContain('+  - alert: LogPatternFlood');
    expect(preview.diff).toContain('+    expr: rate(log_pattern_lines_total{pattern="7",service="api"}[5m]) >');
    expect(fs.readFileSync(workspacePath, 'utf8')).toBe(yaml);

    const before = (await engine.dispatch('workspace.history', {}, as('viewer'))) as ConfigVersionSummary[];
    const applied = (await engine.dispatch('insights.applyAdvice', { id }, as('admin'))) as AdviceApplyResult;
    expect(applied.applied).toBe(true);
    const after = (await engine.dispatch('workspace.history', {}, as('viewer'))) as ConfigVersionSummary[];
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]?.id).toBe(applied.versionId);
    expect(((await engine.dispatch('rules.list', undefined, as('viewer'))) as { name: string }[]).map((rule) => rule.name)).toContain('LogPatternFlood');
    expect(((await engine.dispatch('insights.list', {}, as('viewer'))) as InsightsView).advice.map((advice) => advice.id)).not.toContain(id);
  });
});
