import type { CommandInput, CommandName, CommandOutput } from '../shared/contract';
import type { CallContext } from '../shared/contract/define';
import type { Dispatcher } from '../core/dispatch';

/**
 * The shell's own calls (tray menu, notifications, updater) go through the engine's dispatcher
 * like the renderer's do: same validation, same audit actor. This adds the types back.
 */
export type EngineClient = <K extends CommandName>(name: K, input: CommandInput<K>) => Promise<CommandOutput<K>>;

export function engineClient(dispatch: Dispatcher, context: CallContext): EngineClient {
  return async (name, input) => (await dispatch(name, input, context)) as CommandOutput<typeof name>;
}
