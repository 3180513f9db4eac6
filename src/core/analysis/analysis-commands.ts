import type { HandlersOf } from '../../shared/contract/define';
import type { insightCommands } from '../../shared/contract/analysis';
import { adviceHandlers, type AdviceCommandDeps } from './advice/advice-commands';
import { filterInsights } from './insight-filter';

/** The analysis part's commands: its insights, filtered, and the advice dismissed or applied through the workspace's own commands. */
export function analysisHandlers(deps: Omit<AdviceCommandDeps, 'list'>): HandlersOf<typeof insightCommands> {
  const list = () => deps.analysis.list();
  return {
    'insights.list': async (filter) => filterInsights(list(), filter),
    ...adviceHandlers({ ...deps, list }),
  };
}
