import { Button, Code, Text } from '@mantine/core';
import { IconRocket } from '@tabler/icons-react';
import { ExampleCode } from '../../components/ExampleCode';
import { ExampleEmptyState } from '../../components/ExampleEmptyState';

const snippet = `services:
  web:
    start: [node, server.js]
    probes: [{ http: "http://127.0.0.1:8080/health" }]
    deploy:
      repo: ../web            # a local path, or a remote (token_env / ssh_key)
      branch: main
      build: [[npm, ci], [npm, run, build]]
      trigger: poll           # or webhook, or manual
      watch: 5m               # no alert for 5 min, or it rolls back`;

/** The Deploys page of a workspace where no service has deploy:: what a deploy does and how to declare one. */
export function DeploysEmptyState() {
  return (
    <ExampleEmptyState
      testId="deploys-empty"
      icon={<IconRocket size={26} stroke={1.5} />}
      title="No service is deployed by Zervigo yet"
      description="A deploy fetches a commit, builds it into its own release folder, switches to it, restarts the service and watches its health; a failure rolls back to the release before. Every deploy is listed here with its stages and log."
    >
      <Text size="sm">
        Give a service a <Code>deploy:</Code> section like this one:
      </Text>
      <ExampleCode>{snippet}</ExampleCode>
      <Button component="a" href="#/config" variant="light" size="sm" w="fit-content">
        Open Config
      </Button>
    </ExampleEmptyState>
  );
}
