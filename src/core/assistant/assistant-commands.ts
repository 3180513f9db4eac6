import type { assistantCommands } from '../../shared/contract/assistant';
import type { HandlersOf } from '../../shared/contract/define';
import type { AlertView } from '../../shared/types/alerts';
import type { Clock } from '../clock';
import type { ActiveWorkspace } from '../config/active-workspace';
import { workspaceDir } from '../services/service-spec';
import { CommandParser } from './intent/command-parser';
import { vocabularyFromWorkspace, type AlertInstance } from './intent/entities/vocabulary';
import { systemUtcOffsetMinutes } from './intent/time/local-time';

export interface AssistantDeps {
  workspace: () => ActiveWorkspace;
  alerts: () => AlertView[];
  clock: Clock;
}

export function alertInstanceOf(view: AlertView): AlertInstance {
  return { fingerprint: view.fingerprint, alertname: view.alertname, labels: view.labels, state: view.state, acknowledged: view.ack !== null };
}

/**
 * `assistant.parse` over the running workspace and its current alerts. Read-only: it returns
 * what a sentence would do and runs nothing. The parser (its name index) is kept until the
 * workspace, the environment or the set of alerts changes, so a keystroke costs only the parse.
 */
export function assistantHandlers(deps: AssistantDeps): HandlersOf<typeof assistantCommands> {
  let cached: { key: string; parser: CommandParser } | null = null;
  const parserFor = (): CommandParser => {
    const active = deps.workspace();
    const alerts = deps.alerts().map(alertInstanceOf);
    const key = `${active.versionId}|${active.environment ?? ''}|${alerts.map((alert) => `${alert.fingerprint}:${alert.state}:${alert.acknowledged ? 1 : 0}`).join(',')}`;
    if (cached?.key !== key) {
      cached = {
        key,
        parser: new CommandParser(vocabularyFromWorkspace(active.config, { environment: active.environment, workspaceDir: workspaceDir(active), alerts })),
      };
    }
    return cached.parser;
  };
  return {
    'assistant.parse': async ({ text, utcOffsetMinutes }) => {
      const now = deps.clock.now();
      return parserFor().parse(text, { now, utcOffsetMinutes: utcOffsetMinutes ?? systemUtcOffsetMinutes(now) });
    },
  };
}
