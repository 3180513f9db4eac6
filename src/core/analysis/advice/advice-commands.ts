import type { CallContext, HandlersOf } from '../../../shared/contract/define';
import type { insightCommands } from '../../../shared/contract/analysis';
import { ZervigoError } from '../../../shared/errors';
import type { InsightsView } from '../../../shared/types/insights';
import type { ConfigErrorView, WorkspacePreview, WorkspaceView } from '../../../shared/types/workspace';
import { formatIssue } from '../../config/parse-workspace';
import { applyWorkspaceEdits } from '../../config/workspace-edit';
import type { AnalysisModule } from '../analysis-module';

export interface AdviceCommandDeps {
  analysis: AnalysisModule;
  list: () => InsightsView;
  /** The running workspace text and its version. */
  workspace: () => { content: string; versionId: number };
  /** An edit of the file that did not load (the file is not the running text), or null. */
  rejectedEdit: () => ConfigErrorView | null;
  /** workspace.preview and workspace.save, called with the caller's context: the same checks, confirmation and history as an edit in the editor. */
  preview: (content: string, context: CallContext) => Promise<WorkspacePreview>;
  save: (content: string, baseVersionId: number, confirm: boolean, context: CallContext) => Promise<WorkspaceView>;
}

type AdviceHandlers = Pick<HandlersOf<typeof insightCommands>, 'insights.dismissAdvice' | 'insights.applyAdvice'>;

export function adviceHandlers(deps: AdviceCommandDeps): AdviceHandlers {
  const find = (id: string) => {
    const advice = deps.analysis.advice.get(id);
    if (advice === undefined) throw new ZervigoError('not_found', `no current advice ${id}; \`zervigo insights --kind advice\` lists them`);
    return advice;
  };
  return {
    'insights.dismissAdvice': async ({ id }, context) => {
      find(id);
      deps.analysis.dismissAdvice(id, context.actor);
      return deps.list();
    },
    'insights.applyAdvice': async ({ id, dryRun, confirm, baseVersionId }, context) => {
      const advice = find(id);
      if (advice.apply === null) throw new ZervigoError('invalid_input', `${id} changes nothing in the workspace: ${advice.summary}`);
      assertFileIsRunning(id, deps.rejectedEdit());
      const running = deps.workspace();
      if (!dryRun && baseVersionId !== undefined && baseVersionId !== running.versionId) {
        throw new ZervigoError(
          'conflict',
          `the workspace changed since the diff was shown (version ${running.versionId} is running, the diff was made on ${baseVersionId}): look at the new diff and apply again`,
        );
      }
      const content = applyWorkspaceEdits(running.content, advice.apply.edits);
      const preview = await deps.preview(content, context);
      const result = {
        id,
        change: advice.apply.change,
        diff: preview.diff,
        baseVersionId: running.versionId,
        issues: preview.issues,
        applied: false,
        versionId: null,
      };
      if (dryRun || preview.issues.length > 0) return result;
      // Saved over the version the diff was made from: a newer one meanwhile is refused, not overwritten.
      const saved = await deps.save(content, running.versionId, confirm, context);
      return { ...result, applied: true, versionId: saved.versionId };
    },
  };
}

/**
 * Advice is applied to the running text and saved over the file: while the file holds an edit
 * that did not load, that would throw the edit away unseen (the diff shown is against the
 * running version, not the file), so it is refused with the edit's first problem.
 */
function assertFileIsRunning(id: string, rejected: ConfigErrorView | null): void {
  if (rejected === null) return;
  const first = rejected.issues[0];
  throw new ZervigoError(
    'conflict',
    `the workspace file changed since the running version and does not load${first === undefined ? '' : ` (${formatIssue(first)})`}: applying ${id} would save over that edit; fix or undo it in the file first`,
  );
}
