import { Kbd } from '@mantine/core';
import type { SpotlightActionData, SpotlightActionGroupData } from '@mantine/spotlight';
import { IconKeyboard, IconPalette, IconServer } from '@tabler/icons-react';
import type { ServiceView } from '../../../shared/types/service';
import { statusLook } from '../format/service-status';
import { serviceCommandActions } from '../pages/services/service-command-actions';
import { pages, servicePath } from './pages';

export interface CommandContext {
  services: readonly ServiceView[];
  navigate: (path: string) => void;
  /**
   * Where the listed services' pages are: this console's, or (on an agent's pages, whose services
   * the stores hold) the agent's, so "restart api" restarts the agent's api, not this console's.
   */
  serviceNavigate: (path: string) => void;
  /** Whether their terminals open here (an agent's tmux is on the agent's machine). */
  terminals: boolean;
  toggleTheme: () => void;
  openShortcuts: () => void;
}

/** What the command palette offers: every page, every service, and the few global actions. */
export function commandActions(context: CommandContext): SpotlightActionGroupData[] {
  const pageActions: SpotlightActionData[] = pages.map((page) => {
    const PageIcon = page.icon;
    return {
      id: `page:${page.path}`,
      label: `Go to ${page.label}`,
      keywords: [page.label, ...page.keywords],
      leftSection: <PageIcon size={18} stroke={1.5} />,
      rightSection: page.goKey === undefined ? undefined : <Kbd size="xs">g {page.goKey}</Kbd>,
      onClick: () => context.navigate(page.path),
    };
  });
  const serviceActions: SpotlightActionData[] = context.services.map((service) => ({
    id: `service:${service.name}`,
    label: `Open service ${service.name}`,
    description: [statusLook(service.status).label, service.description].filter((part) => part !== null && part !== '').join(' · '),
    keywords: [service.name, service.status, service.runner, ...service.dependsOn],
    leftSection: <IconServer size={18} stroke={1.5} />,
    onClick: () => context.serviceNavigate(servicePath(service.name)),
  }));
  const appActions: SpotlightActionData[] = [
    {
      id: 'app:theme',
      label: 'Toggle light / dark theme',
      keywords: ['dark', 'light', 'theme'],
      leftSection: <IconPalette size={18} stroke={1.5} />,
      onClick: context.toggleTheme,
    },
    {
      id: 'app:shortcuts',
      label: 'Show keyboard shortcuts',
      keywords: ['keys', 'help', 'hotkeys', '?'],
      leftSection: <IconKeyboard size={18} stroke={1.5} />,
      onClick: context.openShortcuts,
    },
  ];
  const groups: SpotlightActionGroupData[] = [{ group: 'Pages', actions: pageActions }];
  if (serviceActions.length > 0) groups.push({ group: 'Services', actions: serviceActions });
  const controlActions = serviceCommandActions(context.services, context.serviceNavigate, context.terminals);
  if (controlActions.length > 0) groups.push({ group: 'Actions', actions: controlActions });
  groups.push({ group: 'Console', actions: appActions });
  return groups;
}
