import { Button, Code, Text } from '@mantine/core';
import { ExampleEmptyState } from '../../components/ExampleEmptyState';
import { IconServer2 } from '@tabler/icons-react';
import { ExampleCode } from '../../components/ExampleCode';

const snippet = `services:
  db:
    start: redis-server --port 6390
    probes: [{ tcp: 127.0.0.1:6390, every: 5s }]
  api:
    start: node server.js
    cwd: ./api
    depends_on: [db]
    probes:
      - http: http://127.0.0.1:8080/health
        every: 10s`;

/** The overview of a workspace with no services: what will appear and how to get it there. */
export function OverviewEmptyState({ builtIn }: { builtIn: boolean }) {
  return (
    <ExampleEmptyState
      testId="overview-empty"
      icon={<IconServer2 size={26} stroke={1.5} />}
      title="No services in this workspace yet"
      description="Each service you declare in zervigo.yaml appears here as a card: its status in words, why it is in that state, what it depends on and how it is probed."
    >
      <Text size="sm">
        Add a <Code>services:</Code> section like this one; the console reloads the file as you save it:
      </Text>
      <ExampleCode>{snippet}</ExampleCode>
      {builtIn ? (
        <Text size="sm">
          This is the built-in workspace, which watches this machine only. Run <Code>zervigo init</Code> to write it to <Code>./zervigo.yaml</Code>, then start
          Zervigo in that folder.
        </Text>
      ) : (
        <Text size="sm">Edit the file in your editor, or on the Config page.</Text>
      )}
      <Button component="a" href="#/config" variant="light" size="sm" w="fit-content">
        Open Config
      </Button>
    </ExampleEmptyState>
  );
}
