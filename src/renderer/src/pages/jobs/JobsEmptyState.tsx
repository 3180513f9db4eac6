import { Button, Code, Text } from '@mantine/core';
import { ExampleEmptyState } from '../../components/ExampleEmptyState';
import { IconCalendarTime } from '@tabler/icons-react';
import { ExampleCode } from '../../components/ExampleCode';

const snippet = `jobs:
  nightly-report:
    schedule: "0 3 * * *"
    steps:
      - exec: [./scripts/report.sh, --since, 1d]
        timeout: 5m
  db-backup:
    schedule: "30 2 * * *"
    backup: { command: [pg_dump, app], restore: [psql, app], to: ./backups, keep: 7 }`;

/** The Jobs page of a workspace with no jobs: what they are and how to declare one. */
export function JobsEmptyState() {
  return (
    <ExampleEmptyState
      testId="jobs-empty"
      icon={<IconCalendarTime size={26} stroke={1.5} />}
      title="No jobs in this workspace yet"
      description="Jobs run steps on a schedule, on an alert or a webhook, or when you press Run now: scripts, HTTP calls, restarts, backups and cleanups, each run kept with its output."
    >
      <Text size="sm">
        Add a <Code>jobs:</Code> section like this one (deploys are declared per service, with <Code>deploy:</Code>):
      </Text>
      <ExampleCode>{snippet}</ExampleCode>
      <Button component="a" href="#/config" variant="light" size="sm" w="fit-content">
        Open Config
      </Button>
    </ExampleEmptyState>
  );
}
