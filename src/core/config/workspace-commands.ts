import { createTwoFilesPatch } from 'diff';
import type { workspaceCommands } from '../../shared/contract/workspace';
import type { HandlersOf } from '../../shared/contract/define';
import { ZervigoError } from '../../shared/errors';
import type { ValidationResult } from '../../shared/types/workspace';
import type { ConfigHistory } from '../store/config-history';
import type { ActiveWorkspace } from './active-workspace';
import { workspaceJsonSchema } from './json-schema';
import { withPluginKinds } from './plugin-json-schema';
import { applyWorkspaceEdits } from './workspace-edit';
import type { WorkspaceManager } from './workspace-manager';

/** Which running services a valid text would leave waiting for a restart (the service manager answers). */
export type RestartToApply = (candidate: Pick<ActiveWorkspace, 'config' | 'path'>) => ValidationResult['restartToApply'];

export function workspaceHandlers(
  manager: WorkspaceManager,
  history: ConfigHistory,
  restartToApply: RestartToApply = () => [],
): HandlersOf<typeof workspaceCommands> {
  const version = (id: number) => {
    const found = history.get(id);
    if (found === undefined) throw new ZervigoError('not_found', `no workspace version ${id}; \`zervigo config history\` lists them`);
    return found;
  };
  return {
    'workspace.get': async () => manager.view(),
    'workspace.validate': async ({ content }) => {
      const issues = manager.validate(content);
      if (issues.length > 0) return { ok: false, issues, restartToApply: [] };
      const candidate = manager.candidate(content);
      return { ok: true, issues, restartToApply: candidate === null ? [] : restartToApply(candidate) };
    },
    'workspace.save': async ({ content, baseVersionId, confirm }, context) => {
      const environment = confirmingEnvironment(manager);
      if (environment !== null && !confirm && context.transport !== 'internal') {
        throw new ZervigoError(
          'confirmation_required',
          `${environment} asks for confirmation before the workspace changes: send "confirm": true (the console asks)`,
          { environment },
        );
      }
      return manager.save(content, context.transport === 'cli' ? 'cli' : 'app', baseVersionId);
    },
    'workspace.preview': async ({ content }) => {
      const running = manager.current();
      const patch =
        content === running.content
          ? ''
          : createTwoFilesPatch(`running (version ${running.versionId})`, 'edited', running.content, content, undefined, undefined, { context: 3 });
      // Without the "=====" rule createTwoFilesPatch starts with: a diff of one file needs no separator.
      const diff = patch.replace(/^=+\n/, '');
      const issues = manager.validate(content);
      const candidate = issues.length === 0 ? manager.candidate(content) : null;
      return {
        issues,
        diff,
        versionId: running.versionId,
        confirmEnvironment: confirmingEnvironment(manager),
        restartToApply: candidate === null ? [] : restartToApply(candidate),
      };
    },
    'workspace.edit': async ({ content, edits }) => ({ content: applyWorkspaceEdits(content ?? manager.current().content, edits) }),
    'workspace.setEnvironment': async ({ environment }) => manager.setEnvironment(environment),
    'workspace.history': async ({ limit }) => history.recent(limit),
    'workspace.version': async ({ id }) => version(id),
    'workspace.diff': async ({ from, to }) => {
      const a = version(from);
      const b = version(to);
      return createTwoFilesPatch(
        `version ${a.id} (${new Date(a.at).toISOString()})`,
        `version ${b.id} (${new Date(b.at).toISOString()})`,
        a.content,
        b.content,
        undefined,
        undefined,
        { context: 3 },
      );
    },
    'workspace.restore': async ({ id }) => manager.restore(id),
    'workspace.schema': async () => {
      const plugins = manager.pluginKinds();
      const schema = workspaceJsonSchema(manager.kinds());
      return plugins === undefined ? schema : withPluginKinds(schema, plugins);
    },
  };
}

/** The running environment, when it asks before changes (confirm_destructive), else null. */
function confirmingEnvironment(manager: WorkspaceManager): string | null {
  const active = manager.current();
  return active.environment !== null && active.config.environments[active.environment]?.confirm_destructive === true ? active.environment : null;
}
