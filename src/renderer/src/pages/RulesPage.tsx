import { Button, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useBridge } from '../bridge/use-bridge';
import { CenteredLoader } from '../components/CenteredLoader';
import { PageFilter } from '../components/PageFilter';
import { PageHeader } from '../components/PageHeader';
import { ScrollRow } from '../components/ScrollRow';
import { TimeRangePicker } from '../components/TimeRangePicker';
import { resolveRange, type TimeRange } from '../format/time-range';
import { messageOf } from '../format/error-message';
import { matchesQuery } from '../format/sort';
import { useAlertsStore } from '../stores/alerts-store';
import { RulesTable } from './rules/RulesTable';

/** The workspace's rules as they run: state, last evaluation, value and error of each. */
export function RulesPage() {
  const bridge = useBridge();
  const rules = useAlertsStore((state) => state.rules);
  const load = useAlertsStore((state) => state.rulesLoad);
  const [query, setQuery] = useState('');
  // Each rule's graph covers this range, resolved when it is picked.
  const [range, setRange] = useState<TimeRange>({ kind: 'relative', key: '1h' });
  const [span, setSpan] = useState(() => resolveRange(range, Date.now()));
  const pickRange = (next: TimeRange): void => {
    setRange(next);
    setSpan(resolveRange(next, Date.now()));
  };
  const visible = useMemo(
    () => rules.filter((rule) => matchesQuery([rule.name, rule.group, rule.expr, rule.lastError ?? '', ...Object.values(rule.labels)], query)),
    [rules, query],
  );
  const errors = rules.filter((rule) => rule.health === 'error').length;

  const download = async (): Promise<void> => {
    try {
      const text = await bridge.invoke('rules.export');
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([text], { type: 'text/yaml' }));
      link.download = 'zervigo-rules.yml';
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (error) {
      notifications.show({ color: 'red', title: 'Could not export the rules', message: messageOf(error) });
    }
  };

  if (load.status === 'loading') return <CenteredLoader />;
  return (
    <>
      <PageHeader
        title="Rules"
        description={`${rules.length} rule${rules.length === 1 ? '' : 's'}${errors > 0 ? ` · ${errors} failing` : ''} · PromQL over the local store`}
      >
        <ScrollRow>
          <TimeRangePicker value={range} onChange={pickRange} />
        </ScrollRow>
        <PageFilter value={query} onChange={setQuery} placeholder="Filter: name, group, expression…" label="Filter rules" width={240} />
        <Button variant="default" leftSection={<IconDownload size={14} />} onClick={() => void download()} disabled={rules.length === 0}>
          Export for Prometheus
        </Button>
      </PageHeader>
      {rules.length === 0 ? (
        <Text size="sm" c="dimmed" mt="lg">
          No rules. Add them under <code>rules:</code> (or <code>rule_groups:</code>) in the workspace file; the Alerts page shows an example.
        </Text>
      ) : visible.length === 0 ? (
        <Text size="sm" c="dimmed" ta="center" mt="lg">
          No rule matches “{query}”.
        </Text>
      ) : (
        <RulesTable rules={visible} range={range} span={span} />
      )}
    </>
  );
}
