// @vitest-environment jsdom
// The console's providers and jsdom's missing browser parts first: uPlot reads matchMedia when it loads.
import { recordingBridge, renderInConsole } from './render';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppLayout } from '../../../src/renderer/src/shell/AppLayout';
import { appendBeats } from '../../../src/renderer/src/stores/heartbeats-store';
import { setProbes } from '../../../src/renderer/src/stores/probes-store';
import { setServices } from '../../../src/renderer/src/stores/services-store';
import { setWorkspaceView } from '../../../src/renderer/src/stores/workspace-store';
import type { WorkspaceView } from '../../../src/shared/types/workspace';
import { emptyEngineAnswers } from './answers';
import { installCanvasShim } from './canvas-shim';
import { installRangeShim } from './range-shim';
import { runtime, serviceView } from '../../fixtures/views';

beforeAll(() => {
  installCanvasShim();
  installRangeShim();
});

const probe = { id: 'api/http#0', kind: 'http' as const, target: 'http://127.0.0.1:8080/health', everyMs: 10_000, role: 'liveness' as const };

function fillStores(): void {
  const view: WorkspaceView = {
    name: 'shop',
    path: '/shop/zervigo.yaml',
    builtIn: false,
    environment: 'prod',
    environments: [{ name: 'prod', confirmDestructive: true, vars: {} }],
    content: 'version: 1\n',
    versionId: 3,
    loadedAt: Date.now(),
    counts: { services: 3, probes: 1, rules: 0, routes: 0, channels: 0 },
    error: null,
  };
  setWorkspaceView(view);
  setServices([
    serviceView({ name: 'api', status: 'up', probes: [probe], runner: 'tmux', runtime: runtime({ tmuxTarget: 'shop:api' }) }),
    serviceView({
      name: 'worker',
      status: 'given_up',
      reason: 'gave up: 3 restarts within 10m did not keep it running',
      runtime: runtime({ phase: 'given_up', pid: null }),
    }),
    serviceView({ name: 'legacy', status: 'unknown', runner: 'none' }),
  ]);
  setProbes([
    {
      id: probe.id,
      service: 'api',
      kind: 'http',
      target: probe.target,
      role: 'liveness',
      status: 'up',
      reason: null,
      lastCheckAt: Date.now(),
      latencyMs: 12,
      since: Date.now(),
      nextCheckAt: null,
      everyMs: 10_000,
      retryEveryMs: 2_500,
      retries: 1,
      failures: 0,
    },
  ]);
  appendBeats([{ service: 'api', beat: { at: Date.now(), probe: probe.id, status: 'up', latencyMs: 12, reason: null } }]);
}

/** Buttons that show no words: an icon alone. */
function iconOnlyButtons(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('button, [role="button"]')].filter((button) => (button.textContent ?? '').trim() === '');
}

function accessibleName(button: HTMLElement): string {
  const labelledBy = button.getAttribute('aria-labelledby');
  const byReference =
    labelledBy === null
      ? ''
      : labelledBy
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' ');
  return (button.getAttribute('aria-label') ?? byReference ?? button.getAttribute('title') ?? '').trim() || (button.getAttribute('title') ?? '').trim();
}

/** A tooltip: a `title`, or a Mantine tooltip that appears on hover. */
async function hasTooltip(button: HTMLElement): Promise<boolean> {
  if ((button.getAttribute('title') ?? '').trim() !== '') return true;
  if (button.hasAttribute('disabled') || button.getAttribute('data-disabled') === 'true') return true;
  await userEvent.hover(button);
  try {
    // Tooltips open after the theme's delay; a loaded machine may take a while to get there.
    await waitFor(() => expect(document.querySelector('[role="tooltip"]')).not.toBeNull(), { timeout: 5_000 });
    return true;
  } catch {
    return false;
  } finally {
    await userEvent.unhover(button);
  }
}

const pages = ['/', '/services', '/services/api', '/services/worker', '/alerts', '/rules', '/logs', '/terminals', '/audit', '/config', '/settings'];

describe('icon-only buttons', () => {
  it.each(pages)('on %s each has an accessible name and a tooltip', async (path) => {
    fillStores();
    renderInConsole(<AppLayout />, { bridge: recordingBridge(emptyEngineAnswers()), path });
    await waitFor(() => expect(iconOnlyButtons().length).toBeGreaterThan(0));
    const buttons = iconOnlyButtons();
    const nameless = buttons.filter((button) => accessibleName(button) === '').map((button) => button.outerHTML.slice(0, 160));
    expect(nameless).toEqual([]);
    const withoutTooltip: string[] = [];
    for (const button of buttons) if (!(await hasTooltip(button))) withoutTooltip.push(accessibleName(button));
    expect(withoutTooltip).toEqual([]);
    expect(screen.queryAllByRole('alert').map((alert) => alert.textContent)).not.toContainEqual(expect.stringMatching(/Could not/));
    cleanup();
  });
});
