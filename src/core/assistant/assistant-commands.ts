import type { assistantCommands } from '../../shared/contract/assistant';
import type { HandlersOf } from '../../shared/contract/define';
import type { CallContext } from '../../shared/contract/define';
import type { AlertView, SilenceView } from '../../shared/types/alerts';
import type { AssistantAnswer } from '../../shared/types/assistant-answer';
import type { ServiceStatus } from '../../shared/types/service';
import type { Clock } from '../clock';
import { workspaceName, type ActiveWorkspace } from '../config/active-workspace';
import { workspaceDir } from '../lifecycle/service-spec';
import { CommandParser } from './intent/command-parser';
import { vocabularyFromWorkspace, type AlertInstance, type SilenceInstance } from './intent/entities/vocabulary';
import { systemUtcOffsetMinutes } from './intent/time/local-time';
import { ModelUnavailable } from './model/chat-completions';
import { answerWithModel } from './model/model-answer';

export interface AssistantDeps {
  workspace: () => ActiveWorkspace;
  alerts: () => AlertView[];
  /** Silences (those in force can be ended by a sentence: "unmute db"). */
  silences: () => SilenceView[];
  /** Each service's status now ("restart whatever is down" picks by it). */
  serviceStatuses: () => Record<string, ServiceStatus>;
  clock: Clock;
  /** Runs a contract command as the caller (the model's look-ups: their permissions hold). */
  lookup(command: string, input: unknown, context: CallContext): Promise<unknown>;
  /** Said when a configured model could not answer and the offline assistant did. */
  onModelUnavailable?(reason: string): void;
  fetchImpl?: typeof fetch;
}

export function alertInstanceOf(view: AlertView): AlertInstance {
  return { fingerprint: view.fingerprint, alertname: view.alertname, labels: view.labels, state: view.state, acknowledged: view.ack !== null };
}

/**
 * `assistant.parse` over the running workspace and its current alerts and silences. Read-only: it returns
 * what a sentence would do and runs nothing. The parser (its name index) is kept until the
 * workspace, the environment or the set of alerts changes, so a keystroke costs only the parse.
 */
export function assistantHandlers(deps: AssistantDeps): HandlersOf<typeof assistantCommands> {
  let cached: { key: string; parser: CommandParser } | null = null;
  const parserFor = (): CommandParser => {
    const active = deps.workspace();
    const alerts = deps.alerts().map(alertInstanceOf);
    const silences = deps
      .silences()
      .filter((silence) => silence.state === 'active' && silence.source === undefined)
      .map((silence): SilenceInstance => ({ id: silence.id, matchers: silence.matchers }));
    const key = `${active.versionId}|${active.environment ?? ''}|${alerts.map((alert) => `${alert.fingerprint}:${alert.state}:${alert.acknowledged ? 1 : 0}`).join(',')}|${silences.map((silence) => silence.id).join(',')}`;
    if (cached?.key !== key) {
      cached = {
        key,
        parser: new CommandParser(
          vocabularyFromWorkspace(active.config, { environment: active.environment, workspaceDir: workspaceDir(active), alerts, silences }),
        ),
      };
    }
    return cached.parser;
  };
  const parse = (text: string, utcOffsetMinutes: number | undefined) => {
    const now = deps.clock.now();
    return parserFor().parse(text, { now, utcOffsetMinutes: utcOffsetMinutes ?? systemUtcOffsetMinutes(now), serviceStatuses: deps.serviceStatuses });
  };
  return {
    'assistant.parse': async ({ text, utcOffsetMinutes }) => parse(text, utcOffsetMinutes),
    'assistant.ask': async ({ question, utcOffsetMinutes }, context): Promise<AssistantAnswer> => {
      const plan = parse(question, utcOffsetMinutes);
      const active = deps.workspace();
      const model = active.config.assistant.model;
      // What the offline parser understands it answers (exact, instant, nothing leaves the machine).
      if (!('none' in plan) || model === undefined) return { source: 'offline', plan };
      try {
        const answer = await answerWithModel(question, {
          endpoint: { url: model.url, model: model.model, ...(model.api_key === undefined ? {} : { apiKey: model.api_key }), timeoutMs: model.timeout },
          maxLookups: model.max_lookups,
          lookup: (command, input) => deps.lookup(command, input, context),
          context: { workspace: workspaceName(active), services: Object.keys(active.config.services), environment: active.environment, now: deps.clock.now() },
          ...(deps.fetchImpl === undefined ? {} : { fetchImpl: deps.fetchImpl }),
        });
        return { source: 'model', model: model.model, ...answer };
      } catch (error) {
        if (!(error instanceof ModelUnavailable)) throw error;
        deps.onModelUnavailable?.(error.message);
        return { source: 'offline', plan, notice: `${error.message}; answered offline` };
      }
    },
  };
}
