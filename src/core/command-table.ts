import type { CommandHandlers } from '../shared/contract';
import type { HealthSummary } from '../shared/types/app';
import type { WorkspacePreview, WorkspaceView } from '../shared/types/workspace';
import { analysisHandlers } from './analysis/analysis-commands';
import { apiHandlers } from './api-commands';
import { appHandlers } from './app-commands';
import { assistantHandlers } from './assistant/assistant-commands';
import { authHandlers } from './auth/auth-commands';
import { assertPermitted } from './auth/authorize';
import type { HostedWorkspace } from './auth/workspace-list';
import { automationPauseHandlers } from './automation/automation-commands';
import { deployHandlers } from './deploy/deploy-commands';
import { workspaceHandlers } from './config/workspace-commands';
// Type-only: the table reads the engine's parts; the engine calls the table (no runtime cycle).
import type { Engine } from './engine';
import { incidentHandlers } from './incidents/incidents-commands';
import { monitoringHandlers } from './monitoring/monitoring-commands';
import { oncallHandlers } from './oncall/oncall-commands';
import { personOf } from './person';
import { pluginHandlers } from './plugins/plugins-commands';
import { sendReport } from './reports/report-notification';
import { reportHandlers } from './reports/reports-commands';
import { serviceHandlers } from './services/services-commands';
import { ZERVIGO_VERSION } from './version';

/** What the table needs besides the engine's public parts. */
export interface CommandTableExtras {
  health: () => HealthSummary;
  /** The workspaces of the server (workspaces.list). */
  hosted: () => readonly HostedWorkspace[];
}

/**
 * The contract's command table: every part's handlers, merged. A part that is a module brings its
 * own (`part.handlers`); the others are built here from the parts they read, and commands that
 * call other commands (the assistant's look-ups, analysis' workspace edits) go through the
 * dispatcher, so they are validated and permission-checked like any caller's.
 */
export function commandTable(engine: Engine, extras: CommandTableExtras): CommandHandlers {
  const { workspace, operate, notify } = engine;
  return {
    ...appHandlers({
      info: () => engine.info,
      health: extras.health,
      settings: engine.settings,
      onSettingsChanged: (settings) => engine.bus.emit('settings.changed', settings),
    }),
    ...workspaceHandlers(workspace, engine.history, (candidate) => operate.manager.restartToApply(candidate)),
    ...serviceHandlers(engine.services),
    ...monitoringHandlers(engine.monitoring, engine.series, engine.clock, engine.fleet.history, assertPermitted),
    ...engine.logs.handlers,
    ...engine.rules.handlers,
    ...notify.handlers,
    ...operate.handlers,
    ...engine.jobs.handlers,
    ...deployHandlers(engine.deploys),
    ...automationPauseHandlers(engine.automationPause, operate.audit),
    ...analysisHandlers({
      analysis: engine.analysis,
      workspace: () => workspace.current(),
      rejectedEdit: () => workspace.rejectedEdit(),
      preview: (content, context) => engine.dispatch('workspace.preview', { content }, context) as Promise<WorkspacePreview>,
      save: (content, baseVersionId, confirm, context) =>
        engine.dispatch('workspace.save', { content, baseVersionId, confirm }, context) as Promise<WorkspaceView>,
    }),
    ...incidentHandlers({
      tracker: engine.incidents,
      db: engine.db,
      clock: engine.clock,
      services: () => engine.services.list(),
      audit: (entry) => operate.audit.record({ ...entry, outcome: 'ok' }),
      onChanged: () => engine.incidents.markChanged(),
    }),
    ...assistantHandlers({
      workspace: () => workspace.current(),
      alerts: () => notify.alertViews(),
      silences: () => notify.silenceViews(),
      serviceStatuses: () => Object.fromEntries(engine.services.list().map((service) => [service.name, service.status])),
      clock: engine.clock,
      lookup: (command, input, context) => engine.dispatch(command, input, context),
      onModelUnavailable: (reason) => engine.logger.warn({ reason }, 'the assistant model did not answer; answered offline'),
    }),
    ...engine.fleet.handlers,
    ...reportHandlers({
      db: engine.db,
      series: engine.series,
      clock: engine.clock,
      workspace: () => workspace.current(),
      send: (channel, attachment) => sendReport(notify, channel, attachment),
    }),
    ...apiHandlers({ version: ZERVIGO_VERSION, consoleUrl: () => notify.consoleUrl() }),
    ...authHandlers(engine.auth, extras.hosted),
    ...pluginHandlers(engine.plugins),
    ...engine.statusPage.handlers,
    ...oncallHandlers(engine.oncall, (context) => personOf(context, engine.settings.get().operatorName)),
  } satisfies CommandHandlers;
}
