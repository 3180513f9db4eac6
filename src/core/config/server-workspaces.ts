import path from 'node:path';
import { LineCounter, type Node } from 'yaml';
import { z } from 'zod';
import { ZervigoError } from '../../shared/errors';
import type { WorkspaceQuotas } from '../../shared/types/hosted-workspaces';
import { WORKSPACE_NAME_PATTERN } from '../../shared/wire';
import { formatIssuePath, friendlyIssueMessage } from '../../shared/zod-message';
import { readTextFile } from './read-text-file';
import { byteSize, duration } from './schema/primitives';
import { parseYamlDocument } from './yaml-document';
import { firstSyntaxProblem } from './yaml-syntax-error';

const Quotas = z
  .strictObject({
    probes: z.number().int().nonnegative().optional().describe('Most probes across its services.'),
    min_probe_interval: duration.optional().describe('The shortest `every` a probe may have.'),
    log_storage: byteSize.optional().describe('Most bytes of stored log lines.'),
    actions_per_minute: z.number().int().positive().optional().describe('Most actions (start, stop, edits, …) a minute.'),
  })
  .transform((quotas): WorkspaceQuotas => ({
    ...(quotas.probes === undefined ? {} : { probes: quotas.probes }),
    ...(quotas.min_probe_interval === undefined ? {} : { minProbeIntervalMs: quotas.min_probe_interval }),
    ...(quotas.log_storage === undefined ? {} : { logStorageBytes: quotas.log_storage }),
    ...(quotas.actions_per_minute === undefined ? {} : { actionsPerMinute: quotas.actions_per_minute }),
  }));

const ServerWorkspacesFile = z.strictObject({
  workspaces: z.record(
    z.string().regex(WORKSPACE_NAME_PATTERN, 'a workspace name is letters, digits, "-" and "_"'),
    z.strictObject({
      file: z.string().min(1).optional().describe('Its zervigo.yaml, relative to this file (default: the built-in workspace).'),
      environment: z.string().min(1).optional(),
      quotas: Quotas.optional(),
    }),
  ),
});

/** One workspace as the server's file gives it. */
export interface ServerWorkspace {
  name: string;
  workspacePath: string | null;
  environment: string | null;
  quotas: WorkspaceQuotas | undefined;
}

const MAX_SERVER_FILE_BYTES = 1024 * 1024;

/**
 * The server's workspaces file (`zervigo serve --workspaces FILE`): the workspaces one server hosts
 * and the quotas its admin sets on each. The workspaces' own admins edit their zervigo.yaml, not
 * this file, so a quota cannot be raised from inside the workspace it limits.
 */
export function readServerWorkspaces(file: string): ServerWorkspace[] {
  const read = readTextFile(file, MAX_SERVER_FILE_BYTES, `server workspaces file ${file}`);
  if (!read.ok) throw new ZervigoError(read.problem.missing ? 'not_found' : 'invalid_input', read.problem.message);
  const lineCounter = new LineCounter();
  const doc = parseYamlDocument(read.text, { lineCounter });
  const where = (offset: number): string => {
    const position = lineCounter.linePos(offset);
    return `${file}:${position.line}:${position.col}`;
  };
  const syntax = firstSyntaxProblem(read.text, doc.errors);
  if (syntax !== null) throw new ZervigoError('invalid_input', `${where(syntax.offset)}: ${syntax.message}`);
  const parsed = ServerWorkspacesFile.safeParse(doc.toJS(), { error: friendlyIssueMessage });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      let node: Node | null = null;
      for (let depth = issue.path.length; depth >= 0 && node === null; depth--)
        node = depth === 0 ? doc.contents : ((doc.getIn(issue.path.slice(0, depth), true) as Node | undefined) ?? null);
      return `${where(node?.range?.[0] ?? 0)}: ${formatIssuePath(issue.path)}: ${issue.message}`;
    });
    throw new ZervigoError('invalid_input', lines.join('\n'));
  }
  const dir = path.dirname(path.resolve(file));
  return Object.entries(parsed.data.workspaces).map(([name, entry]) => ({
    name,
    workspacePath: entry.file === undefined ? null : path.resolve(dir, entry.file),
    environment: entry.environment ?? null,
    quotas: entry.quotas,
  }));
}
