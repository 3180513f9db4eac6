// @vitest-environment jsdom
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { DeploysPage } from '../../../src/renderer/src/pages/DeploysPage';
import { useMeStore } from '../../../src/renderer/src/stores/me-store';
import { useWorkspaceStore } from '../../../src/renderer/src/stores/workspace-store';
import type { DeployStageName, DeployStageStatus, DeployTargetView, DeployView } from '../../../src/shared/types/deploys';
import type { WorkspaceView } from '../../../src/shared/types/workspace';
import { recordingBridge, renderInConsole } from './render';

afterEach(() => {
  cleanup();
  useMeStore.setState({ me: null });
  useWorkspaceStore.setState({ view: null });
});

const stageNames: DeployStageName[] = ['fetch', 'build', 'release', 'switch', 'restart', 'health', 'watch'];
const T0 = Date.parse('2026-12-05T12:00:00Z');

/** A deploy whose first `done` stages are done (1 s each) and the next one running, unless `outcome` ends it. */
function deployView(id: number, service: string, done: number, overrides: Partial<DeployView> = {}): DeployView {
  return {
    id,
    service,
    ref: 'main',
    sha: `${id}abcdef0123456789`,
    author: 'Ada Lovelace',
    subject: `Change number ${id}`,
    startedBy: 'owner',
    kind: 'deploy',
    startedAt: T0 + id * 60_000,
    finishedAt: null,
    outcome: 'running',
    message: null,
    stage: stageNames[done] ?? null,
    stages: stageNames.map((name, index) => {
      const status: DeployStageStatus = index < done ? 'done' : index === done ? 'running' : 'pending';
      return {
        name,
        status,
        startedAt: status === 'pending' ? null : T0 + id * 60_000 + index * 1_000,
        finishedAt: status === 'done' ? T0 + id * 60_000 + (index + 1) * 1_000 : null,
        message: null,
      };
    }),
    previousSha: null,
    currentSha: null,
    log: '',
    auditId: null,
    ...overrides,
  };
}

const finished = (view: DeployView, outcome: DeployView['outcome']): DeployView => ({ ...view, outcome, finishedAt: view.startedAt + 9_000, stage: null });

const target = (service: string, releases = 2): DeployTargetView => ({
  service,
  repo: `./${service}`,
  ref: 'main',
  trigger: 'manual',
  currentSha: releases === 0 ? null : 'aaaaaaa000',
  releases: Array.from({ length: releases }, (_, index) => ({ sha: `${index}bbbbbb`, createdAt: T0, current: index === 0 })),
  running: null,
  last: null,
});

/** A bridge whose events the test sends, with deploys.start answering `startAnswer`. */
function deployBridge(history: DeployView[], targets: DeployTargetView[], startAnswer?: () => DeployView) {
  const listeners = new Map<string, ((payload: unknown) => void)[]>();
  const base = recordingBridge((name) => {
    if (name === 'deploys.list') return history;
    if (name === 'deploys.targets') return targets;
    if (name === 'deploys.start' || name === 'deploys.rollback') return startAnswer?.();
    return undefined;
  });
  return {
    ...base,
    subscribe: ((name: string, listener: (payload: unknown) => void) => {
      listeners.set(name, [...(listeners.get(name) ?? []), listener]);
      return () =>
        listeners.set(
          name,
          (listeners.get(name) ?? []).filter((entry) => entry !== listener),
        );
    }) as typeof base.subscribe,
    emit: (name: string, payload: unknown) => listeners.get(name)?.forEach((listener) => listener(payload)),
  };
}

const statusOf = (stage: string): string | null | undefined =>
  screen.getByTestId('deploy').querySelector(`[data-stage="${stage}"]`)?.getAttribute('data-status');

describe('the Deploys page', () => {
  it('lists deploys across services newest first: service, commit, author, who started it, outcome and stage timings', async () => {
    const bridge = deployBridge(
      [
        finished(deployView(3, 'api', 7), 'succeeded'),
        finished(deployView(1, 'web', 7), 'rolled_back'),
        finished(deployView(2, 'web', 7, { startedBy: 'poll' }), 'failed'),
      ],
      [target('web'), target('api')],
    );
    renderInConsole(<DeploysPage />, { bridge });
    const table = await screen.findByTestId('deploy-history');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.getAttribute('data-deploy'))).toEqual(['3', '2', '1']);
    expect(rows[1]?.textContent).toContain('web');
    expect(rows[1]?.textContent).toContain('2abcdef');
    expect(rows[1]?.textContent).toContain('Change number 2');
    expect(rows[1]?.textContent).toContain('Ada Lovelace');
    expect(rows[1]?.textContent).toContain('poll');
    expect(rows[1]?.textContent).toContain('failed');
    expect(screen.getByTestId('deploy-timings-2').textContent).toBe('fetch 1 s · build 1 s · release 1 s · switch 1 s · restart 1 s · health 1 s · watch 1 s');
    // The newest is opened when none runs; a row's number opens another.
    expect(screen.getByTestId('deploy').getAttribute('data-deploy-id')).toBe('3');
    await userEvent.click(within(rows[2] as HTMLElement).getByRole('button', { name: 'Show deploy #1 of web' }));
    expect(screen.getByTestId('deploy').getAttribute('data-deploy-id')).toBe('1');
  });

  it("a running deploy's stages advance from its events (no polling), with its log; an older snapshot arriving late does not undo them", async () => {
    const running = deployView(5, 'web', 0);
    const bridge = deployBridge([finished(deployView(4, 'web', 7), 'succeeded')], [target('web')], () => running);
    renderInConsole(<DeploysPage />, { bridge });
    await screen.findByTestId('deploy-history');
    await userEvent.click(screen.getByTestId('deploy-web'));
    await waitFor(() => expect(screen.getByTestId('deploy').getAttribute('data-deploy-id')).toBe('5'));
    expect(statusOf('fetch')).toBe('running');

    bridge.emit('deploys.changed', deployView(5, 'web', 3, { log: '$ npm ci\nadded 12 packages\n' }));
    await waitFor(() => expect(statusOf('switch')).toBe('running'));
    expect(statusOf('build')).toBe('done');
    expect(screen.getByTestId('deploy-log').textContent).toContain('added 12 packages');
    // The first snapshot again (an answer overtaken by the events): the stages stay where they are.
    act(() => bridge.emit('deploys.changed', running));
    expect(statusOf('switch')).toBe('running');

    bridge.emit('deploys.changed', finished(deployView(5, 'web', 7, { message: 'web runs 5abcdef' }), 'succeeded'));
    await waitFor(() => expect(screen.getByTestId('deploy').getAttribute('data-outcome')).toBe('succeeded'));
    expect(statusOf('watch')).toBe('done');
    expect(screen.getByTestId('deploy-message').textContent).toBe('web runs 5abcdef');
    expect(bridge.calls.filter((call) => call.name === 'deploys.list')).toHaveLength(1);
  });

  it('a viewer sees Deploy and Roll back disabled with why, and pressing them calls nothing', async () => {
    useMeStore.setState({
      me: { name: 'vi', role: 'viewer', denied: { 'deploys.start': 'operate', 'deploys.rollback': 'operate' }, token: null } as never,
    });
    const bridge = deployBridge([], [target('web')]);
    renderInConsole(<DeploysPage />, { bridge });
    for (const id of ['deploy-web', 'rollback-web']) {
      const button = await screen.findByTestId(id);
      expect(button.getAttribute('data-denied')).toBe('needs operator');
      expect(button.getAttribute('aria-disabled')).toBe('true');
      await userEvent.click(button);
    }
    expect(bridge.calls.some((call) => call.name === 'deploys.start' || call.name === 'deploys.rollback')).toBe(false);
  });

  it('Roll back says why it cannot when there is no earlier release', async () => {
    renderInConsole(<DeploysPage />, { bridge: deployBridge([], [target('web', 1)]) });
    expect((await screen.findByTestId('rollback-web')).getAttribute('data-denied')).toBe('no earlier release to go back to');
    expect(screen.getByTestId('deploy-web').getAttribute('data-denied')).toBeNull();
  });

  it('in a confirm_destructive environment asks first, naming the environment and the service, then sends confirm', async () => {
    useWorkspaceStore.setState({
      view: { environment: 'prod', environments: [{ name: 'prod', confirmDestructive: true, vars: {} }] } as unknown as WorkspaceView,
    });
    const bridge = deployBridge([], [target('web')], () => finished(deployView(9, 'web', 7, { kind: 'rollback' }), 'succeeded'));
    renderInConsole(<DeploysPage />, { bridge });
    await userEvent.click(await screen.findByTestId('rollback-web'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('Roll back web in prod?');
    expect(bridge.calls.some((call) => call.name === 'deploys.rollback')).toBe(false);
    await userEvent.click(within(dialog).getByTestId('confirm-action'));
    await waitFor(() => expect(bridge.calls.find((call) => call.name === 'deploys.rollback')?.input).toEqual({ service: 'web', confirm: true, wait: false }));
  });

  it('explains deploy: with an example when no service has it, once the answers are in', async () => {
    renderInConsole(<DeploysPage />, { bridge: deployBridge([], []) });
    expect(await screen.findByTestId('deploys-empty')).toBeTruthy();
    expect(screen.getByText(/branch: main/)).toBeTruthy();
  });
});
