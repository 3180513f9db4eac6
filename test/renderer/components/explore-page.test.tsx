// @vitest-environment jsdom
// The console's providers and jsdom's missing browser parts first: uPlot reads matchMedia when it loads.
import { recordingBridge, renderInConsole } from './render';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { applyWorkspaceEdits } from '../../../src/core/config/workspace-edit';
import { unitOfQuery } from '../../../src/renderer/src/format/metric-unit';
import { explorePath, exploreStateOf } from '../../../src/renderer/src/pages/explore/explore-location';
import { ruleEditOf, ruleFormProblems, type RuleForm } from '../../../src/renderer/src/pages/explore/rule-from-query';
import { ExplorePage, LIVE_REFRESH_MIN_MS } from '../../../src/renderer/src/pages/ExplorePage';
import { ZervigoError } from '../../../src/shared/errors';
import { installCanvasShim } from './canvas-shim';

beforeAll(installCanvasShim);

const form = (patch: Partial<RuleForm> = {}): RuleForm => ({ name: 'HighErrors', expr: 'x > 1', forText: '5m', severity: 'critical', summary: '', ...patch });

describe('Explore: the URL, units and the rule it makes', () => {
  it('keeps the query and a relative or fixed range in the URL, and reads them back', () => {
    const relative = { query: 'sum by (service) (rate(x_total{a="b & c"}[5m]))', range: { kind: 'relative' as const, key: '6h' as const } };
    const path = explorePath(relative);
    expect(exploreStateOf(path.slice(path.indexOf('?')))).toEqual({ ...relative, live: false });
    const fixed = { query: 'up', range: { kind: 'absolute' as const, start: 1_000, end: 5_000 } };
    const fixedPath = explorePath(fixed);
    expect(exploreStateOf(fixedPath.slice(fixedPath.indexOf('?')))).toEqual({ ...fixed, live: false });
    const live = explorePath({ ...relative, live: true });
    expect(exploreStateOf(live.slice(live.indexOf('?')))).toEqual({ ...relative, live: true });
    expect(exploreStateOf('')).toEqual({ query: '', range: { kind: 'relative', key: '1h' }, live: false });
    expect(exploreStateOf('?q=up&range=nonsense').range).toEqual({ kind: 'relative', key: '1h' });
  });

  it('reads units from metric names, per second under rate()', () => {
    expect(unitOfQuery('probe_duration_seconds{service="api"}').format(0.25)).toBe('250 ms');
    expect(unitOfQuery('process_resident_memory_bytes').name).toBe('bytes');
    expect(unitOfQuery('rate(network_received_bytes_total[5m])').format(2048)).toMatch(/^2(\.0)? KB\/s$/);
    expect(unitOfQuery('system_cpu_usage_percent').format(42.5)).toBe('42.5 %');
    expect(unitOfQuery('probe_success').name).toBe('');
  });

  it('writes the rule through the YAML library: special characters in the expression and name stay data, appended to rules: or creating it', () => {
    const tricky = form({ expr: 'x{path="/a: b #c", q=~"\'|\\"" } > 1', summary: '{{ $labels.path }}: down\n- item' });
    const withRules = 'version: 1\n# keep me\nrules:\n  - alert: Old\n    expr: up == 0\n';
    const written = applyWorkspaceEdits(withRules, [ruleEditOf(tricky, withRules)]);
    expect(written).toContain('# keep me');
    const parsed = parse(written) as { rules: Record<string, unknown>[] };
    expect(parsed.rules).toEqual([
      { alert: 'Old', expr: 'up == 0' },
      { alert: 'HighErrors', expr: tricky.expr, for: '5m', labels: { severity: 'critical' }, annotations: { summary: tricky.summary } },
    ]);
    const bare = 'version: 1\nservices: {}\n';
    const created = parse(applyWorkspaceEdits(bare, [ruleEditOf(form(), bare)])) as { rules: unknown[] };
    expect(created.rules).toEqual([{ alert: 'HighErrors', expr: 'x > 1', for: '5m', labels: { severity: 'critical' } }]);
  });

  it('refuses a rule name that is not one, or that exists already, and a duration that is not one', () => {
    const content = 'rules:\n  - { alert: Taken, expr: up }\nrule_groups:\n  - { name: g, rules: [{ alert: InGroup, expr: up }] }\n';
    expect(ruleFormProblems(form(), content)).toEqual({});
    expect(ruleFormProblems(form({ name: '1bad' }), content).name).toMatch(/Letters, digits/);
    expect(ruleFormProblems(form({ name: 'Taken' }), content).name).toMatch(/exists already/);
    expect(ruleFormProblems(form({ name: 'InGroup' }), content).name).toMatch(/exists already/);
    expect(ruleFormProblems(form({ forText: 'soon' }), content).forText).toMatch(/duration/);
  });
});

describe('ExplorePage', () => {
  it('runs the query from the URL and marks a parse error where the engine says it is', async () => {
    const bridge = recordingBridge((name) => {
      // The engine's answer to a parse error, as the bridge rejects with it.
      if (name === 'metrics.instant')
        return Promise.reject(new ZervigoError('invalid_input', 'unexpected ")" (at character 9 of the expression)', { from: 8, to: 9 }));
      if (name === 'metrics.query') return { resultType: 'matrix', result: [] };
      return undefined;
    });
    renderInConsole(<ExplorePage />, { bridge, path: `/explore?q=${encodeURIComponent('sum(up) )')}&range=15m` });
    const place = await screen.findByTestId('explore-error-place');
    expect(place.querySelector('mark')?.textContent).toBe(')');
    expect(screen.getByTestId('explore-error').textContent).toContain('unexpected ")"');
    const instant = bridge.calls.find((call) => call.name === 'metrics.instant');
    expect(instant?.input).toMatchObject({ query: 'sum(up) )' });
  });

  it('shows each series with its value in the unit its name implies, over the range from the URL', async () => {
    const bridge = recordingBridge((name) => {
      if (name === 'metrics.instant')
        return { resultType: 'vector', result: [{ metric: { __name__: 'probe_duration_seconds', service: 'api' }, value: [1_700_000_000, '0.042'] }] };
      if (name === 'metrics.query')
        return {
          resultType: 'matrix',
          result: [
            {
              metric: { __name__: 'probe_duration_seconds', service: 'api' },
              values: [
                [1_700_000_000, '0.04'],
                [1_700_000_060, '0.042'],
              ],
            },
          ],
        };
      return undefined;
    });
    renderInConsole(<ExplorePage />, { bridge, path: '/explore?q=probe_duration_seconds&range=1h' });
    const table = await screen.findByTestId('explore-table');
    expect(table.textContent).toContain('probe_duration_seconds{service="api"}');
    expect(table.textContent).toContain('42 ms');
    await waitFor(() => expect(screen.getByText('1 series')).toBeTruthy());
    const query = bridge.calls.find((call) => call.name === 'metrics.query')?.input as { start: number; end: number; step: number };
    expect(query.end - query.start).toBe(3_600);
    expect(query.step).toBe(6);
  });

  describe('live', () => {
    afterEach(() => {
      vi.useRealTimers();
    });
    const answers = (name: string) => {
      if (name === 'metrics.instant') return { resultType: 'vector', result: [] };
      if (name === 'metrics.query') return { resultType: 'matrix', result: [{ metric: { __name__: 'up' }, values: [[1_700_000_000, '1']] }] };
      return undefined;
    };
    const queryEnds = (bridge: ReturnType<typeof recordingBridge>) =>
      bridge.calls.filter((call) => call.name === 'metrics.query').map((call) => (call.input as { end: number }).end);

    it('keeps a relative range ending now and runs the query again, only while switched on', async () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
      const bridge = recordingBridge(answers);
      renderInConsole(<ExplorePage />, { bridge, path: '/explore?q=up&range=15m' });
      await screen.findByText('1 series');
      expect(queryEnds(bridge)).toHaveLength(1);
      // Off: time passes, nothing runs again.
      await act(async () => vi.advanceTimersByTimeAsync(3 * LIVE_REFRESH_MIN_MS));
      expect(queryEnds(bridge)).toHaveLength(1);
      fireEvent.click(screen.getByTestId('explore-live'));
      await act(async () => vi.advanceTimersByTimeAsync(LIVE_REFRESH_MIN_MS));
      await waitFor(() => expect(queryEnds(bridge)).toHaveLength(2));
      await act(async () => vi.advanceTimersByTimeAsync(LIVE_REFRESH_MIN_MS));
      await waitFor(() => expect(queryEnds(bridge)).toHaveLength(3));
      const ends = queryEnds(bridge);
      // Each run ends at its own now: the range moved with the clock.
      expect((ends[2] as number) - (ends[1] as number)).toBeGreaterThanOrEqual(LIVE_REFRESH_MIN_MS / 1000);
      // The chart stays drawn between runs.
      expect(screen.getByText('1 series')).toBeTruthy();
      fireEvent.click(screen.getByTestId('explore-live'));
      await act(async () => vi.advanceTimersByTimeAsync(3 * LIVE_REFRESH_MIN_MS));
      expect(queryEnds(bridge)).toHaveLength(3);
    });

    it('keeps Live in the URL: switching it writes live=1 without running again, and a link with it opens live', async () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
      const bridge = recordingBridge(answers);
      const view = renderInConsole(<ExplorePage />, { bridge, path: '/explore?q=up&range=15m' });
      await screen.findByText('1 series');
      fireEvent.click(screen.getByTestId('explore-live'));
      await waitFor(() =>
        expect(exploreStateOf(view.location().slice(view.location().indexOf('?')))).toEqual({
          query: 'up',
          range: { kind: 'relative', key: '15m' },
          live: true,
        }),
      );
      expect(queryEnds(bridge)).toHaveLength(1);
      fireEvent.click(screen.getByTestId('explore-live'));
      await waitFor(() => expect(view.location()).not.toContain('live'));
      view.unmount();

      // Opened from a shared link (or reloaded): live from the start, running again at its step.
      const opened = recordingBridge(answers);
      renderInConsole(<ExplorePage />, { bridge: opened, path: '/explore?q=up&range=15m&live=1' });
      await screen.findByText('1 series');
      expect(screen.getByTestId<HTMLInputElement>('explore-live').checked).toBe(true);
      await act(async () => vi.advanceTimersByTimeAsync(LIVE_REFRESH_MIN_MS));
      await waitFor(() => expect(queryEnds(opened)).toHaveLength(2));
    });

    it('is paused on a zoomed (fixed) range, and says so', async () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
      const bridge = recordingBridge(answers);
      renderInConsole(<ExplorePage />, { bridge, path: `/explore?q=up&from=${1_700_000_000_000}&to=${1_700_000_600_000}` });
      await screen.findByText('1 series');
      fireEvent.click(screen.getByTestId('explore-live'));
      await screen.findByText('Live (paused while zoomed)');
      await act(async () => vi.advanceTimersByTimeAsync(3 * LIVE_REFRESH_MIN_MS));
      expect(queryEnds(bridge)).toHaveLength(1);
    });
  });
});
