import { z } from 'zod';
import type { ChannelKind } from '../channel-kind';
import { DeliveryError } from '../delivery-error';

/**
 * Pages people through an escalation policy (on_call.escalations): `oncall: primary`, or in a
 * route simply `notify: [oncall:primary]`. Sending hands the notification to the escalation
 * engine, which pages level 1 through the person's own channels and the next level when nobody
 * acknowledges in time; a resolved notification ends the escalation.
 */
export const oncallChannel: ChannelKind<string> = {
  kind: 'oncall',
  summary: 'Pages whoever is on call through an escalation policy (under on_call.escalations): oncall: <policy>.',
  schema: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'the name of an escalation policy (under on_call.escalations)'),
  describe: (policy) => `escalation policy ${policy}`,
  send: async (policy, notification, context) => {
    if (context.escalate === undefined) throw new DeliveryError('on-call escalation is not running in this process', true);
    return context.escalate(policy, notification);
  },
};
