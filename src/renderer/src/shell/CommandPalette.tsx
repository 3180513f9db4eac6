import { useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { Spotlight } from '@mantine/spotlight';
import { IconSearch } from '@tabler/icons-react';
import { LOCAL_HOST } from '../../../shared/fleet-hosts';
import { useCallback, useMemo, useState } from 'react';
import { Router } from 'wouter';
import { BridgeContext, useBridge } from '../bridge/use-bridge';
import { ExplainDrawer, type ExplainQuestion } from '../components/evidence/ExplainDrawer';
import { alertCommandGroups } from '../pages/alerts/alert-command-actions';
import { hostPath } from '../pages/fleet/host-path';
import { useAlertsStore } from '../stores/alerts-store';
import { useShownHost } from '../stores/host-feeds';
import { useServicesStore } from '../stores/services-store';
import { assistantActions, assistantNone } from './assistant/assistant-actions';
import { ProposalDialog } from './assistant/ProposalDialog';
import { useAssistantPlan } from './assistant/use-assistant-plan';
import { commandActions } from './command-actions';
import { paletteFilter } from './palette-filter';

/**
 * Ctrl/Cmd+K: reach any page or service by typing a few letters, or type a sentence ("restart db",
 * "silence DiskFull 2h", "看一下 db 最近一小时的错误日志", "why is api down?"): the assistant's
 * reading of it comes first, shown before anything runs.
 */
export function CommandPalette({ navigate, openShortcuts }: { navigate: (path: string) => void; openShortcuts: () => void }) {
  const services = useServicesStore((state) => state.services);
  const alerts = useAlertsStore((state) => state.alerts);
  const consoleBridge = useBridge();
  // On an agent's pages the stores hold the agent's services and alerts: acting on them goes to its pages and through its Bridge.
  const shown = useShownHost();
  const agent = shown.host === LOCAL_HOST ? null : shown.host;
  const bridge = agent === null ? consoleBridge : (shown.bridge ?? consoleBridge);
  const serviceNavigate = useCallback((path: string) => navigate(agent === null ? path : hostPath(agent, path)), [navigate, agent]);
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light', { getInitialValueInEffect: false });
  const [query, setQuery] = useState('');
  const [explaining, setExplaining] = useState<ExplainQuestion | null>(null);
  const host = agent ?? LOCAL_HOST;
  const parsed = useAssistantPlan(query, bridge, host);
  const actions = useMemo(
    () => [
      ...assistantActions(parsed, { navigate, explain: setExplaining, host }),
      ...commandActions({
        services,
        navigate,
        serviceNavigate,
        terminals: agent === null,
        openShortcuts,
        toggleTheme: () => setColorScheme(computed === 'dark' ? 'light' : 'dark'),
      }),
      ...alertCommandGroups(alerts, bridge),
    ],
    [parsed, services, navigate, serviceNavigate, agent, host, openShortcuts, setColorScheme, computed, alerts, bridge],
  );
  const none = assistantNone(parsed);
  return (
    <>
      <Spotlight
        actions={actions}
        query={query}
        onQueryChange={setQuery}
        filter={paletteFilter}
        shortcut={['mod + K']}
        tagsToIgnore={[]}
        nothingFound={none ?? 'Nothing matches. Try a page name, a service name, or a sentence such as “restart api”.'}
        highlightQuery
        scrollable
        maxHeight={420}
        searchProps={{ leftSection: <IconSearch size={18} stroke={1.5} />, placeholder: 'Go to a page or a service, silence an alert…' }}
      />
      <ProposalDialog navigate={navigate} />
      {/* Asked on an agent's pages, the agent explains, and its links stay on its pages. */}
      {agent === null ? (
        <ExplainDrawer question={explaining} onClose={() => setExplaining(null)} />
      ) : (
        <BridgeContext value={bridge}>
          <Router base={hostPath(agent)}>
            <ExplainDrawer question={explaining} onClose={() => setExplaining(null)} />
          </Router>
        </BridgeContext>
      )}
    </>
  );
}
