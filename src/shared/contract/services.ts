import type { ServiceView } from '../types/service';
import { NoInput } from './app';
import { command, event, returns } from './define';

export const serviceCommands = {
  'services.list': command({
    permission: 'view',
    input: NoInput,
    output: returns<ServiceView[]>(),
    rest: 'GET /services',
    summary: 'Every service of the workspace with its state',
  }),
};

export const serviceEvents = {
  'services.changed': event<ServiceView[]>('The set of services or a state changed', 'view'),
};
