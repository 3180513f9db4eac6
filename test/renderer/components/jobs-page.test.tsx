// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { JobsPage } from '../../../src/renderer/src/pages/JobsPage';
import type { JobRunView, JobView } from '../../../src/shared/types/jobs';
import { recordingBridge, renderInConsole } from './render';

afterEach(cleanup);

const job: JobView = {
  name: 'report',
  description: null,
  kinds: ['exec'],
  schedule: null,
  timezone: null,
  nextRuns: [],
  triggers: [],
  concurrency: 'forbid',
  catchUp: 'one',
  dryRunOnly: false,
  running: [],
  lastRun: null,
};
const automation = { paused: false, by: null, reason: null, since: null, covers: 'schedules' };

function runView(outcome: 'running' | 'succeeded', output: string): JobRunView {
  return {
    id: 7,
    job: 'report',
    trigger: 'manual',
    actor: 'owner',
    startedAt: 1,
    finishedAt: outcome === 'running' ? null : 2,
    outcome,
    message: null,
    dryRun: false,
    scheduledFor: null,
    auditId: null,
    steps: [
      {
        index: 0,
        name: 'exec',
        kind: 'exec',
        phase: 'steps',
        outcome,
        attempts: 1,
        startedAt: 1,
        finishedAt: outcome === 'running' ? null : 2,
        message: null,
        output,
      },
    ],
  };
}

/** A bridge whose events can be sent by the test, and whose jobs.run answers when the test says so. */
function eventfulBridge(jobs: JobView[]) {
  const listeners = new Map<string, ((payload: unknown) => void)[]>();
  let answerRun: (view: JobRunView) => void = () => undefined;
  const base = recordingBridge((name) => {
    if (name === 'jobs.list') return jobs;
    if (name === 'deploys.targets') return [];
    if (name === 'automation.get') return automation;
    if (name === 'jobs.runs') return [];
    if (name === 'jobs.run.get') return runView('succeeded', 'report line one\nreport line two\n');
    return undefined;
  });
  const invoke = base.invoke.bind(base);
  return {
    ...base,
    invoke: ((name: string, input?: unknown) =>
      name === 'jobs.run'
        ? new Promise((resolve) => (answerRun = resolve as (view: JobRunView) => void))
        : invoke(name as never, input as never)) as typeof base.invoke,
    subscribe: ((name: string, listener: (payload: unknown) => void) => {
      listeners.set(name, [...(listeners.get(name) ?? []), listener]);
      return () => undefined;
    }) as typeof base.subscribe,
    emit: (name: string, payload: unknown) => listeners.get(name)?.forEach((listener) => listener(payload)),
    answerRun: (view: JobRunView) => answerRun(view),
  };
}

describe('the Jobs page', () => {
  it('shows a finished run whose events arrived before the answer that started it (events and answers travel apart)', async () => {
    const bridge = eventfulBridge([job]);
    renderInConsole(<JobsPage />, { bridge });
    await userEvent.click(await screen.findByRole('button', { name: 'Run now' }));
    // The run ends, and says so over the socket, before the HTTP answer naming it arrives.
    bridge.emit('jobs.output', { runId: 7, step: 0, phase: 'steps', text: 'report line one\n' });
    bridge.emit('jobs.changed', { ...runView('succeeded', ''), steps: undefined });
    bridge.answerRun(runView('running', ''));
    await waitFor(() => expect(screen.getByTestId('job-run').textContent).toContain('report line two'));
    expect(screen.getByTestId('job-run').textContent).toContain('succeeded');
  });

  it('explains jobs with an example when the workspace has none, once the answer is in', async () => {
    renderInConsole(<JobsPage />, { bridge: eventfulBridge([]) });
    expect(await screen.findByTestId('jobs-empty')).toBeTruthy();
    expect(screen.getByText(/schedule: "0 3 \* \* \*"/)).toBeTruthy();
  });
});
