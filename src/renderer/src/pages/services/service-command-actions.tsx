import type { SpotlightActionData } from '@mantine/spotlight';
import { IconPlayerPlay, IconPlayerStop, IconRefresh, IconTerminal2 } from '@tabler/icons-react';
import type { ServiceView } from '../../../../shared/types/service';
import { requestServiceAction } from '../../stores/service-action-request';
import { terminalPath } from '../terminals/terminal-path';

/**
 * "restart api", "stop db", "open terminal web", "start all": run from the command palette on the
 * Services page that lists them (`navigate` goes there: this console's, or an agent's). Without
 * `terminals` (an agent's services) no terminal is offered.
 */
export function serviceCommandActions(services: readonly ServiceView[], navigate: (path: string) => void, terminals = true): SpotlightActionData[] {
  const run = (action: 'start' | 'stop' | 'restart', names: string[]) => (): void => {
    navigate('/services');
    requestServiceAction(action, names);
  };
  const managed = services.filter((service) => service.runtime !== null);
  const actions: SpotlightActionData[] = [];
  if (managed.length > 0) {
    actions.push(
      {
        id: 'services:start-all',
        label: 'Start all services',
        description: 'in dependency order',
        keywords: ['start', 'all', 'up'],
        leftSection: <IconPlayerPlay size={18} stroke={1.5} />,
        onClick: run('start', []),
      },
      {
        id: 'services:stop-all',
        label: 'Stop all services',
        description: 'dependents first',
        keywords: ['stop', 'all', 'down'],
        leftSection: <IconPlayerStop size={18} stroke={1.5} />,
        onClick: run('stop', []),
      },
    );
  }
  for (const service of managed) {
    const running = service.runtime?.pid !== null;
    actions.push(
      running
        ? {
            id: `stop:${service.name}`,
            label: `Stop ${service.name}`,
            keywords: ['stop', service.name],
            leftSection: <IconPlayerStop size={18} stroke={1.5} />,
            onClick: run('stop', [service.name]),
          }
        : {
            id: `start:${service.name}`,
            label: `Start ${service.name}`,
            keywords: ['start', service.name],
            leftSection: <IconPlayerPlay size={18} stroke={1.5} />,
            onClick: run('start', [service.name]),
          },
      {
        id: `restart:${service.name}`,
        label: `Restart ${service.name}`,
        keywords: ['restart', service.name],
        leftSection: <IconRefresh size={18} stroke={1.5} />,
        onClick: run('restart', [service.name]),
      },
    );
    const target = service.runtime?.tmuxTarget;
    if (target && terminals) {
      actions.push({
        id: `terminal:${service.name}`,
        label: `Open terminal ${service.name}`,
        description: target,
        keywords: ['terminal', 'tmux', service.name],
        leftSection: <IconTerminal2 size={18} stroke={1.5} />,
        onClick: () => navigate(terminalPath(target)),
      });
    }
  }
  return actions;
}
