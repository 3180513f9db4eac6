import { serviceControlAction } from './service-control';

/** `stop: "{{ $labels.service }}"`: stop the service the alert names. */
export const stopAction = serviceControlAction('stop', 'Stop a service (a template like "{{ $labels.service }}").');
