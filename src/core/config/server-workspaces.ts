import path from 'node:path';
import { LineCounter, type Node } from 'yaml';
import { z } from 'zod';
import { ZervigoError } from '../../shared/errors';
import type { WorkspaceQuotas } from '../../shared/types/hosted-workspaces';
import { WORKSPACE_NAME_PATTERN } from '../../shared/wire';
import { formatIssuePath, friendlyIssueMessage } from '../../shared/zod-message';
import { readTextFile } from './read-text-file';
import { byteSize, duration } from './schema/primitives';
import { ssoSchema } from './schema/sso';
import { substitute } from './substitute';
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
  sso: ssoSchema
    .optional()
    .describe("Single sign-on for the whole server (people span its workspaces): the providers, as a workspace file's sso: used to name them."),
  workspaces: z.record(
    z.string().regex(WORKSPACE_NAME_PATTERN, 'a workspace name is letters, digits, "-" and "_"'),
    z.strictObject({
      file: z.string().min(1).optional().describe('Its zervigo.yaml, relative to this file (default: the built-in workspace).'),
      environment: z.string().min(1).optional(),
      quotas: Quotas.optional(),
    }),
  ),
});

/** The server's file: its workspaces, and its single sign-on providers (null: the file names none). */
export interface ServerFile {
  workspaces: ServerWorkspace[];
  ssoProviders: Record<string, SsoProvider> | null;
}

/** One workspace as the server's file gives it. */
export interface ServerWorkspace {
  name: string;
  workspacePath: string | null;
  environment: string | null;
  quotas: WorkspaceQuotas | undefined;
}

type SsoProvider = z.infer<typeof ssoSchema>['providers'][string];

const MAX_SERVER_FILE_BYTES = 1024 * 1024;

/**
 * The server's workspaces file (`zervigo serve --workspaces FILE`): the workspaces one server hosts
 * and the quotas its admin sets on each. The workspaces' own admins edit their zervigo.yaml, not
 * this file, so a quota cannot be raised from inside the workspace it limits.
 */
export function readServerFile(file: string, processEnv: NodeJS.ProcessEnv = process.env): ServerFile {
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
  const workspaces = Object.entries(parsed.data.workspaces).map(([name, entry]) => ({
    name,
    workspacePath: entry.file === undefined ? null : path.resolve(dir, entry.file),
    environment: entry.environment ?? null,
    quotas: entry.quotas,
  }));
  const sso = parsed.data.sso;
  if (sso === undefined) return { workspaces, ssoProviders: null };
  // The client secret stays out of the file as ${VAR}, from the process environment, as in a workspace file.
  const providers: Record<string, SsoProvider> = {};
  for (const [key, provider] of Object.entries(sso.providers)) {
    const secret = provider.client_secret === undefined ? undefined : substitute(provider.client_secret, (name) => processEnv[name]);
    if (secret !== undefined && !secret.ok) {
      const node = doc.getIn(['sso', 'providers', key, 'client_secret'], true) as Node | undefined;
      throw new ZervigoError('invalid_input', `${where(node?.range?.[0] ?? 0)}: sso.providers.${key}.client_secret: ${secret.message}`);
    }
    providers[key] = { ...provider, client_secret: secret?.value };
  }
  return { workspaces, ssoProviders: providers };
}
