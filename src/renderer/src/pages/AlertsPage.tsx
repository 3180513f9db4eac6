import { Code } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { PlannedPage } from '../components/PlannedPage';

/** Alerts arrive with the rule evaluator; until then the page says what it will hold. */
export function AlertsPage() {
  return (
    <PlannedPage
      icon={IconBell}
      title="Alerts are not evaluated yet"
      summary="When rule evaluation lands, every alert of the workspace's rules appears here, worst first."
      features={[
        'Firing, pending, silenced and resolved alerts with their labels, value and how long they have been in that state',
        'Acknowledge an alert, or silence it for a while (1 h, until tomorrow, custom) with a reason',
        'Every rule with its state, its expression and when it last fired',
        'Where each alert was sent (routes and channels) and whether delivery succeeded',
      ]}
      meanwhile={
        <>
          Rules are already read from the <Code>rules:</Code> section of the workspace file; the Config page counts them.
        </>
      }
    />
  );
}
