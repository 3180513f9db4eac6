import { serviceControlAction } from './service-control';

/** `restart: "{{ $labels.service }}"`: restart the service the alert names. */
export const restartAction = serviceControlAction('restart', 'Restart a service (a template like "{{ $labels.service }}"); counts against its restart budget.');
