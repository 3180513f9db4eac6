/**
 * STAND-INS until monitoring, alerting and logs are merged: DELETE THIS FILE at the merge and
 * pass the real implementations to the operate module (see OperatePorts in ports.ts).
 *
 * - Probe health: every service reads 'unknown'. A service without probes is ready once its
 *   process has run for READY_GRACE_MS (that stays true after the merge); one with probes is
 *   never ready until real probes report 'up', so its dependents wait (and time out) honestly.
 * - Escalation and rule transitions: nothing to talk to; give-ups are still audited.
 * - Output: the service's log file is written by the runner itself; nothing else reads it yet.
 * - Notifications: refused with a message, which the audit entry of a `notify:` action shows.
 */
import { ZervigoError } from '../../shared/errors';
import type { OperatePorts } from './ports';

export function nullPorts(): OperatePorts {
  return {
    probeHealth: {
      get: () => 'unknown',
      subscribe: () => () => undefined,
      setActive: () => undefined,
    },
    escalation: { raise: () => undefined, resolve: () => undefined },
    transitions: { subscribe: () => () => undefined },
    output: {
      attach: (_service, _stream, readable) => {
        // Nobody reads this copy yet; keep it flowing so it never holds up the process.
        readable.on('data', () => undefined);
      },
      followFile: () => undefined,
    },
    notifier: {
      notify: async () => {
        throw new ZervigoError('unavailable', 'notification channels are not connected in this build (alerting is merged separately)');
      },
    },
  };
}
