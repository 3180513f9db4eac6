import { Alert, Anchor, Button, Code, Group, Paper, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AutomationState, JobRunSummary, JobRunView, JobView } from '../../../shared/types/jobs';
import { useBridge } from '../bridge/use-bridge';
import { PageHeader } from '../components/PageHeader';
import { JobsEmptyState } from './jobs/JobsEmptyState';
import { OutcomeBadge } from './jobs/OutcomeBadge';
import { RelativeTime } from '../components/RelativeTime';
import { formatSpan } from '../format/duration';
import { messageOf } from '../format/error-message';

/** One run: each step with its outcome, duration and output (live while it runs). */
function RunDetail({ run }: { run: JobRunView }) {
  return (
    <Paper withBorder p="sm" data-testid="job-run">
      <Group gap="xs" mb="xs">
        <Text fw={600}>
          {run.job} #{run.id}
        </Text>
        <OutcomeBadge value={run.outcome} />
        <Text size="sm" c="dimmed">
          {run.trigger} by {run.actor}
          {run.message === null ? '' : ` — ${run.message}`}
        </Text>
      </Group>
      <Stack gap="xs">
        {run.steps.map((step) => (
          <div key={`${step.phase}-${step.index}`} data-step={step.name}>
            <Group gap="xs">
              <Text size="sm">{step.phase === 'rollback' ? `rollback ${step.index + 1}` : step.index + 1}.</Text>
              <Text size="sm" ff="monospace">
                {step.name}
              </Text>
              <OutcomeBadge value={step.outcome} />
              {step.startedAt !== null && step.finishedAt !== null && (
                <Text size="xs" c="dimmed">
                  {formatSpan(step.finishedAt - step.startedAt)}
                </Text>
              )}
              {step.message !== null && (
                <Text size="xs" c="dimmed">
                  {step.message}
                </Text>
              )}
            </Group>
            {step.output !== '' && (
              <Code block mah={200} style={{ overflow: 'auto' }}>
                {step.output}
              </Code>
            )}
          </div>
        ))}
      </Stack>
    </Paper>
  );
}

/**
 * Jobs: each job's schedule and next runs, its history, a run's steps and output (live), run now;
 * and the switch that pauses automation (deploys have their own page).
 */
export function JobsPage() {
  const bridge = useBridge();
  const [jobs, setJobs] = useState<JobView[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [runs, setRuns] = useState<JobRunSummary[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [run, setRun] = useState<JobRunView | null>(null);
  const [pause, setPause] = useState<AutomationState | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(() => {
    // The empty state waits for the answer, so it never flashes before the jobs arrive.
    bridge.invoke('jobs.list').then(
      (list) => {
        setJobs(list);
        setLoaded(true);
      },
      (failure: unknown) => setError(messageOf(failure)),
    );
    bridge.invoke('automation.get').then(setPause, (failure: unknown) => setError(messageOf(failure)));
  }, [bridge]);
  useEffect(refresh, [refresh]);

  // Commands answer over HTTP while events come over the socket, so a run's events can overtake the
  // answer that names it, and two snapshots can arrive out of order: every snapshot is numbered when
  // asked for, only a newer one replaces the shown run, and a launched run is read again at once.
  const asked = useRef(0);
  const shown = useRef(0);
  const shownRunId = useRef<number | null>(null);
  const showSnapshot = useCallback((load: Promise<JobRunView>): Promise<JobRunView> => {
    const number = ++asked.current;
    return load.then((view) => {
      if (number > shown.current) {
        shown.current = number;
        shownRunId.current = view.id;
        setRun(view);
      }
      return view;
    });
  }, []);
  const loadRun = useCallback((id: number) => showSnapshot(bridge.invoke('jobs.run.get', { id })), [bridge, showSnapshot]);

  useEffect(() => {
    if (selected === null) return;
    bridge.invoke('jobs.runs', { name: selected, limit: 20 }).then(setRuns, (failure: unknown) => setError(messageOf(failure)));
  }, [bridge, selected]);
  useEffect(() => {
    const stops = [
      bridge.subscribe('jobs.changed', (summary) => {
        refresh();
        if (summary.job === selected) bridge.invoke('jobs.runs', { name: summary.job, limit: 20 }).then(setRuns, () => undefined);
        if (shownRunId.current === summary.id) void loadRun(summary.id).catch(() => undefined);
      }),
      bridge.subscribe('jobs.output', (chunk) =>
        setRun((current) =>
          current?.id !== chunk.runId
            ? current
            : {
                ...current,
                steps: current.steps.map((step) =>
                  step.index === chunk.step && step.phase === chunk.phase ? { ...step, output: step.output + chunk.text } : step,
                ),
              },
        ),
      ),
      bridge.subscribe('automation.changed', setPause),
    ];
    return () => stops.forEach((stop) => stop());
  }, [bridge, refresh, selected, loadRun]);

  const act = (work: Promise<unknown>): void => void work.catch((failure: unknown) => setError(messageOf(failure)));
  const openRun = (id: number): void => act(loadRun(id));
  const launch = (name: string, dryRun: boolean): void => {
    setSelected(name);
    act(showSnapshot(bridge.invoke('jobs.run', { name, dryRun })).then((view) => loadRun(view.id)));
  };

  return (
    <>
      <PageHeader
        title="Jobs"
        description={
          <>
            Scheduled and triggered jobs and maintenance; deploys are on the <Anchor href="#/deploys">Deploys</Anchor> page
          </>
        }
      >
        <Switch
          label="Pause automation"
          checked={pause?.paused === true}
          title={pause?.covers}
          onChange={(event) => act(bridge.invoke('automation.setPaused', { paused: event.currentTarget.checked }).then(setPause))}
        />
      </PageHeader>
      {error !== null && (
        <Alert color="red" mb="sm" withCloseButton onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      {pause?.paused === true && (
        <Alert color="yellow" mb="sm">
          Automation is paused{pause.by === null ? '' : ` by ${pause.by}`}. {pause.covers}
        </Alert>
      )}
      {jobs.length > 0 && (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Job</Table.Th>
              <Table.Th>Schedule</Table.Th>
              <Table.Th>Next run</Table.Th>
              <Table.Th>Last run</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {jobs.map((job) => (
              <Table.Tr key={job.name} data-job={job.name} onClick={() => setSelected(job.name)} style={{ cursor: 'pointer' }}>
                <Table.Td>
                  <Text fw={600}>{job.name}</Text>
                  <Text size="xs" c="dimmed">
                    {[job.kinds.join(', '), ...job.triggers].join(' · ')}
                  </Text>
                </Table.Td>
                <Table.Td ff="monospace">{job.schedule ?? '-'}</Table.Td>
                <Table.Td>{job.nextRuns[0] === undefined ? '-' : <RelativeTime at={job.nextRuns[0]} />}</Table.Td>
                <Table.Td>{job.lastRun === null ? '-' : <OutcomeBadge value={job.lastRun.outcome} />}</Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end">
                    <Button size="xs" variant="default" onClick={(event) => (event.stopPropagation(), launch(job.name, true))}>
                      Dry run
                    </Button>
                    <Button size="xs" onClick={(event) => (event.stopPropagation(), launch(job.name, false))}>
                      Run now
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {loaded && jobs.length === 0 && <JobsEmptyState />}
      {selected !== null && (
        <Stack mt="md" gap="xs">
          <Title order={4}>Runs of {selected}</Title>
          <Table>
            <Table.Tbody>
              {runs.map((entry) => (
                <Table.Tr key={entry.id} data-run={entry.id} onClick={() => openRun(entry.id)} style={{ cursor: 'pointer' }}>
                  <Table.Td>#{entry.id}</Table.Td>
                  <Table.Td>
                    <RelativeTime at={entry.startedAt} />
                  </Table.Td>
                  <Table.Td>{entry.trigger}</Table.Td>
                  <Table.Td>{entry.actor}</Table.Td>
                  <Table.Td>
                    <OutcomeBadge value={entry.outcome} />
                  </Table.Td>
                  <Table.Td>{entry.message ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
      {run !== null && <RunDetail run={run} />}
    </>
  );
}
