import { serviceControlAction } from './service-control';

/** `start: "{{ $labels.service }}"`: start the service the alert names. */
export const startAction = serviceControlAction('start', 'Start a service (a template like "{{ $labels.service }}").');
