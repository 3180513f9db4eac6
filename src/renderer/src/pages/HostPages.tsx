import { Alert, Anchor, Badge, Breadcrumbs, Group, Loader, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Redirect, Route, Switch, useLocation, useSearch } from 'wouter';
import { LOCAL_HOST } from '../../../shared/fleet-hosts';
import type { AgentView } from '../../../shared/types/fleet';
import type { RendererBridge } from '../bridge/renderer-bridge';
import { BridgeContext, useBridge } from '../bridge/use-bridge';
import { ToneBadge } from '../components/StatusBadge';
import { messageOf } from '../format/error-message';
import { NotFoundPage } from '../shell/NotFoundPage';
import { sharedPageRoutes } from '../shell/shared-page-routes';
import { feedHost, useShownHost } from '../stores/host-feeds';
import { agentLooks } from './fleet/agent-look';
import { HostFigures } from './fleet/HostFigures';
import { hostPath } from './fleet/host-path';

/** Its pages (see shell/shared-page-routes.tsx), in the order of the console's navigation. */
const SECTIONS = [
  { path: '/services', label: 'Services' },
  { path: '/alerts', label: 'Alerts' },
  { path: '/incidents', label: 'Incidents' },
  { path: '/insights', label: 'Insights' },
  { path: '/rules', label: 'Rules' },
  { path: '/audit', label: 'Audit' },
  { path: '/config', label: 'Config' },
] as const;

/** The agent as the console sees it (state, version, why), kept live by agents.changed. */
function useAgentView(consoleBridge: RendererBridge, name: string): { agent: AgentView | null | undefined; error: string | null } {
  const [agents, setAgents] = useState<AgentView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    consoleBridge.invoke('agents.list').then(setAgents, (failure: unknown) => setError(messageOf(failure)));
    return consoleBridge.subscribe('agents.changed', setAgents);
  }, [consoleBridge]);
  return { agent: agents === null ? undefined : (agents.find((agent) => agent.name === name) ?? null), error };
}

/** Where the host's pages are: a row of links, the current one marked (aria-current). */
function HostSections({ name }: { name: string }) {
  const [location] = useLocation();
  return (
    <Group gap="xs" wrap="wrap" role="navigation" aria-label={`Pages of ${name}`}>
      {SECTIONS.map((section) => {
        const current = location === section.path || location.startsWith(`${section.path}/`);
        return (
          <Anchor
            key={section.path}
            href={`#${hostPath(name, section.path)}`}
            aria-current={current ? 'page' : undefined}
            fw={current ? 700 : 500}
            underline={current ? 'always' : 'hover'}
            data-tap
            data-testid={`host-section-${section.label.toLowerCase()}`}
          >
            {section.label}
          </Anchor>
        );
      })}
    </Group>
  );
}

/**
 * An agent's own pages in this console (#/hosts/<name>/services, /alerts, /incidents, /insights,
 * /rules, /audit, /config): the console's pages of those, their stores fed from the agent and their
 * commands sent to it through `agents.call` (the console checks what the caller may do). The
 * banner says whose pages these are; leaving them turns the stores back to this console.
 */
export function HostPages({ name }: { name: string }) {
  const consoleBridge = useBridge();
  const { agent, error } = useAgentView(consoleBridge, name);
  const known = agent !== null;
  const shown = useShownHost();
  const bridge = shown.host === name ? shown.bridge : null;
  const search = useSearch();

  useEffect(() => {
    if (!known) return undefined;
    feedHost(consoleBridge, name);
    return () => void feedHost(consoleBridge, LOCAL_HOST);
  }, [consoleBridge, name, known]);

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap" gap="xs" data-testid="host-banner" data-host={name} data-state={agent?.state ?? ''}>
        <Group gap="xs" wrap="wrap">
          <Breadcrumbs separator="›">
            <Anchor href="#/fleet" data-tap>
              Fleet
            </Anchor>
            <Text fw={700} ff="monospace">
              {name}
            </Text>
          </Breadcrumbs>
          {agent !== null && agent !== undefined && <ToneBadge look={agentLooks[agent.state]} />}
          {agent?.version !== null && agent?.version !== undefined && (
            <Badge variant="light" color="gray">
              Zervigo {agent.version}
            </Badge>
          )}
          {/* Until the stores are fed from the agent they hold the console's figures: none shown then. */}
          {bridge !== null && <HostFigures name={name} />}
        </Group>
        <HostSections name={name} />
      </Group>
      {error !== null && <Alert color="red">{error}</Alert>}
      {agent === null && (
        <Alert color="red" title={`No agent "${name}"`} data-testid="host-unknown">
          This console has no agent of that name. See the agents on the <Anchor href="#/fleet">Fleet</Anchor> page.
        </Alert>
      )}
      {agent !== null && agent !== undefined && agent.state !== 'up' && (
        <Alert color="red" title={`${name} is ${agent.state}`} data-testid="host-not-up">
          {agent.reason ?? agentLooks[agent.state].meaning} Its pages show what it last answered, and its commands fail until it is back.
        </Alert>
      )}
      {agent === undefined || bridge === null ? (
        agent === null ? null : (
          <Group justify="center" mt="xl">
            <Loader size="sm" />
          </Group>
        )
      ) : (
        <BridgeContext value={bridge}>
          <Switch>
            <Route path="/">
              <Redirect to="/services" replace />
            </Route>
            {sharedPageRoutes(search)}
            <Route>
              <NotFoundPage />
            </Route>
          </Switch>
        </BridgeContext>
      )}
    </Stack>
  );
}
