import type { deployCommands } from '../../shared/contract/deploy';
import type { HandlersOf } from '../../shared/contract/define';
import { ZervigoError } from '../../shared/errors';
import type { DeployModule } from './deploy-module';

/** The deploy part's commands: targets, history, deploy, rollback and the signed webhook, over its module. */
export function deployHandlers(deploys: DeployModule): HandlersOf<typeof deployCommands> {
  return {
    'deploys.targets': async () => deploys.targetViews(),
    'deploys.list': async (input) => deploys.store.list(input.service, input.limit),
    'deploys.get': async (input) => {
      const view = deploys.store.get(input.id);
      if (view === undefined) throw new ZervigoError('not_found', `no deploy ${input.id}`);
      return view;
    },
    'deploys.start': async (input, context) => {
      deploys.config(input.service);
      deploys.confirm(input.service, 'deploying', input.confirm, context);
      const launched = deploys.launch(input.service, { kind: 'deploy', ref: input.ref, actor: context.actor });
      return input.wait ? await launched.done : launched.view;
    },
    'deploys.rollback': async (input, context) => {
      deploys.config(input.service);
      deploys.confirm(input.service, 'rolling back', input.confirm, context);
      const launched = deploys.launch(input.service, { kind: 'rollback', actor: context.actor });
      return input.wait ? await launched.done : launched.view;
    },
    'deploys.webhook': async (input) => deploys.webhook(input),
  };
}
