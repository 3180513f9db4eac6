import type { Engine } from '../../src/core/engine';
import type { CommandInput, CommandName, CommandOutput } from '../../src/shared/contract';
import type { CallContext } from '../../src/shared/contract/define';

/** A contract command through the engine's dispatcher (zod-validated), typed by its name. */
export async function engineCall<K extends CommandName>(
  engine: Engine,
  name: K,
  input: CommandInput<K> | undefined,
  context: CallContext,
): Promise<CommandOutput<K>> {
  return (await engine.dispatch(name, input, context)) as CommandOutput<K>;
}
