import { Alert, Badge, Button, Code, EmptyState, Paper, SegmentedControl, Stack, Tabs, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconBell } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { AlertView } from '../../../shared/types/alerts';
import { CenteredLoader } from '../components/CenteredLoader';
import { PageFilter } from '../components/PageFilter';
import { PageHeader } from '../components/PageHeader';
import { ScrollRow } from '../components/ScrollRow';
import { inFilter, searchableAlertTexts, type AlertFilter } from '../format/alert-look';
import { matchesQuery } from '../format/sort';
import { useAlertsStore } from '../stores/alerts-store';
import { AckDialog } from './alerts/AckDialog';
import { AlertHistoryDrawer } from './alerts/AlertHistoryDrawer';
import { AlertsTable } from './alerts/AlertsTable';
import { NotificationLog } from './alerts/NotificationLog';
import { SilenceDialog } from './alerts/SilenceDialog';
import { SilencesTable } from './alerts/SilencesTable';
import { ExampleCode } from '../components/ExampleCode';
import { usePageHref } from '../components/use-page-href';

const ruleSnippet = `rules:
  - alert: ServiceDown
    expr: probe_success == 0
    for: 30s
    labels: { severity: critical }
    annotations: { summary: "{{ $labels.service }} is down" }
routes:
  - notify: [desktop]
channels:
  desktop: { desktop: true }`;

function NoAlerts({ rules }: { rules: number }) {
  const href = usePageHref();
  return (
    <Paper withBorder p="xl" radius="md" maw={720} mx="auto" mt="lg" data-testid="alerts-empty">
      <EmptyState
        icon={
          <ThemeIcon size={48} radius="xl" variant="light" color="green">
            <IconBell size={26} stroke={1.5} />
          </ThemeIcon>
        }
        title={rules > 0 ? 'Nothing is firing' : 'No rules yet'}
        description={
          rules > 0
            ? `${rules} rule${rules === 1 ? ' is' : 's are'} evaluated and none holds. When one does, its alert appears here: pending first, firing once it has held for the rule's \`for\`.`
            : 'Alerts come from rules in the workspace file: Prometheus-style expressions over the probes and machine series.'
        }
      >
        {rules === 0 && (
          <Stack gap="sm" mt="md" w="100%" ta="left">
            <Text size="sm">
              Add <Code>rules:</Code>, a route and a channel like these:
            </Text>
            <ExampleCode>{ruleSnippet}</ExampleCode>
            <Button component="a" href={href('/config')} variant="light" size="sm" w="fit-content">
              Open Config
            </Button>
          </Stack>
        )}
        {rules > 0 && (
          <Button component="a" href={href('/rules')} variant="light" size="sm" mt="md">
            See the rules
          </Button>
        )}
      </EmptyState>
    </Paper>
  );
}

function counts(alerts: readonly AlertView[]): Record<AlertFilter, number> {
  const out: Record<AlertFilter, number> = { firing: 0, pending: 0, silenced: 0, resolved: 0, all: alerts.length };
  for (const alert of alerts) for (const filter of ['firing', 'pending', 'silenced', 'resolved'] as const) if (inFilter(alert, filter)) out[filter] += 1;
  return out;
}

/** Firing, pending, silenced and resolved alerts; silences; and every notification sent. */
export function AlertsPage({ focus = null }: { focus?: string | null }) {
  const alerts = useAlertsStore((state) => state.alerts);
  const load = useAlertsStore((state) => state.load);
  const silences = useAlertsStore((state) => state.silences);
  const rules = useAlertsStore((state) => state.rules.length);
  const [tab, setTab] = useState<string | null>('alerts');
  const [filter, setFilter] = useState<AlertFilter>(focus === null ? 'firing' : 'all');
  const [query, setQuery] = useState('');
  const [history, setHistory] = useState<AlertView | null>(null);
  const [silencing, setSilencing] = useState<AlertView | null>(null);
  const [acknowledging, setAcknowledging] = useState<AlertView | null>(null);
  // A link to one alert (an incident's evidence) opens its history, whatever its state now, until closed.
  const [focusClosed, setFocusClosed] = useState(false);
  const focused = focus === null || focusClosed ? null : (alerts.find((alert) => alert.fingerprint === focus) ?? null);
  const shownHistory = history ?? focused;
  const count = useMemo(() => counts(alerts), [alerts]);
  const visible = useMemo(() => alerts.filter((alert) => inFilter(alert, filter) && matchesQuery(searchableAlertTexts(alert), query)), [alerts, filter, query]);
  const activeSilences = silences.filter((silence) => silence.state !== 'expired').length;

  if (load.status === 'loading') return <CenteredLoader />;
  return (
    <>
      <PageHeader
        title="Alerts"
        description={`${count.firing} firing · ${count.pending} pending · ${count.silenced} silenced · ${count.resolved} resolved in the last day`}
      >
        {tab === 'alerts' && (
          <PageFilter value={query} onChange={setQuery} placeholder="Filter: name, label, summary…" label="Filter alerts" testId="alerts-filter" />
        )}
      </PageHeader>
      {load.status === 'failed' && (
        <Alert color="red" icon={<IconAlertTriangle />} title="Could not load the alerts" mb="md">
          {load.message}
        </Alert>
      )}
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="sm">
          <Tabs.Tab
            value="alerts"
            rightSection={
              count.firing > 0 ? (
                <Badge size="xs" color="red" circle>
                  {count.firing}
                </Badge>
              ) : undefined
            }
          >
            Alerts
          </Tabs.Tab>
          <Tabs.Tab
            value="silences"
            rightSection={
              activeSilences > 0 ? (
                <Badge size="xs" color="gray" circle>
                  {activeSilences}
                </Badge>
              ) : undefined
            }
          >
            Silences
          </Tabs.Tab>
          <Tabs.Tab value="notifications">Notifications</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="alerts">
          {alerts.length === 0 ? (
            <NoAlerts rules={rules} />
          ) : (
            <>
              <ScrollRow mb="sm">
                <SegmentedControl
                  size="xs"
                  value={filter}
                  onChange={(value) => setFilter(value)}
                  data={(['firing', 'pending', 'silenced', 'resolved', 'all'] as const).map((value) => ({ value, label: `${value} (${count[value]})` }))}
                  data-testid="alerts-state-filter"
                />
              </ScrollRow>
              {visible.length === 0 ? (
                <Text size="sm" c="dimmed" ta="center" mt="lg">
                  {query === '' ? `No ${filter === 'all' ? '' : `${filter} `}alerts.` : `No ${filter === 'all' ? '' : `${filter} `}alert matches “${query}”.`}
                </Text>
              ) : (
                <AlertsTable alerts={visible} onHistory={setHistory} onSilence={setSilencing} onAcknowledge={setAcknowledging} />
              )}
            </>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="silences">
          {silences.length === 0 ? (
            <Text size="sm" c="dimmed" mt="md">
              No silences. Silence an alert from its row (Silence…): its labels as matchers, for as long as you choose, and why.
            </Text>
          ) : (
            <SilencesTable silences={silences} />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="notifications">
          <NotificationLog />
        </Tabs.Panel>
      </Tabs>
      <AlertHistoryDrawer
        alert={shownHistory}
        onClose={() => {
          setHistory(null);
          setFocusClosed(true);
        }}
      />
      <SilenceDialog key={silencing?.fingerprint ?? 'none'} alert={silencing} onClose={() => setSilencing(null)} />
      <AckDialog key={`ack-${acknowledging?.fingerprint ?? 'none'}`} alert={acknowledging} onClose={() => setAcknowledging(null)} />
    </>
  );
}
