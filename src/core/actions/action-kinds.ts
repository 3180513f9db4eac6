import { KindRegistry } from '../kind-registry';
import type { ActionKind } from './action-kind';
import { execAction } from './kinds/exec-action';
import { notifyAction } from './kinds/notify-action';
import { restartAction } from './kinds/restart-action';
import { startAction } from './kinds/start-action';
import { stopAction } from './kinds/stop-action';

/** The action kinds Zervigo ships, in the order the schema and its messages list them. A new kind is one file and one line here. */
export const builtinActionKinds: readonly ActionKind[] = [restartAction, startAction, stopAction, execAction, notifyAction];

export type ActionKindRegistry = KindRegistry<ActionKind>;

/** A registry holding the built-in action kinds; plugins register theirs into it. */
export function createActionKindRegistry(): ActionKindRegistry {
  return new KindRegistry('action', builtinActionKinds);
}
