import type { automationCommands } from '../../shared/contract/automation';
import type { HandlersOf } from '../../shared/contract/define';
import type { AutomationPause } from './automation-pause';
import type { AuditPort } from './ports';

type PauseHandlers = Pick<HandlersOf<typeof automationCommands>, 'automation.get' | 'automation.setPaused'>;

/** The "pause automation" switch (header, tray, API): who flipped it and why, audited. */
export function automationPauseHandlers(pause: AutomationPause, audit: AuditPort): PauseHandlers {
  return {
    'automation.get': async () => pause.get(),
    'automation.setPaused': async (input, context) => {
      const before = pause.get().paused;
      const state = pause.set(input.paused, context.actor, input.reason ?? null);
      if (before !== input.paused)
        audit.record({
          actor: context.actor,
          action: input.paused ? 'automation.pause' : 'automation.resume',
          target: 'automation',
          outcome: 'ok',
          message: input.reason ?? null,
        });
      return state;
    },
  };
}
