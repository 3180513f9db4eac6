import type { oncallCommands } from '../../shared/contract/oncall';
import type { CallContext, HandlersOf } from '../../shared/contract/define';
import type { OnCallModule } from './oncall-module';

const DAY_MS = 86_400_000;

/** The on-call commands of the contract: who is on call, a schedule's shifts, escalations and acknowledging them. */
export function oncallHandlers(oncall: OnCallModule, personOf: (context: CallContext) => string): HandlersOf<typeof oncallCommands> {
  return {
    'oncall.now': async () => oncall.now(),
    'oncall.shifts': async (input) => {
      const from = input.from ?? oncall.nowMs();
      return oncall.schedule(input.schedule, from, input.to ?? from + 14 * DAY_MS);
    },
    'oncall.escalations': async (input) => (input.state === 'pending' ? oncall.escalator.pendingViews() : oncall.escalator.views(input.limit)),
    'oncall.acknowledge': async (input, context) => oncall.escalator.acknowledge(input.id, personOf(context), input.comment),
  };
}
