import { z } from 'zod';
import type { ConfigErrorView, ConfigVersion, ConfigVersionSummary, ValidationResult, WorkspacePreview, WorkspaceView } from '../types/workspace';
import { NoInput } from './app';
import { command, event, returns } from './define';

/** The size limit (configurable, 4 MiB by default) is the engine's: src/core/config/input-limits.ts. */
const Content = z.string();
const VersionId = z.coerce.number().int().positive();
const EditPath = z
  .array(z.union([z.string().min(1), z.number().int().nonnegative()]))
  .min(1)
  .max(20);
const Edit = z
  .union([z.strictObject({ path: EditPath, delete: z.literal(true) }), z.strictObject({ path: EditPath, value: z.unknown() })])
  .refine((edit) => 'delete' in edit || edit.value !== undefined, 'an edit has a value, or "delete": true');

export const workspaceCommands = {
  'workspace.get': command({
    permission: 'view',
    input: NoInput,
    output: returns<WorkspaceView>(),
    rest: 'GET /workspace',
    summary: 'The running workspace, its environment and the last rejected edit',
  }),
  'workspace.validate': command({
    permission: 'configure',
    input: z.strictObject({ content: Content }),
    output: returns<ValidationResult>(),
    rest: 'POST /workspace/validate',
    summary: 'Check a workspace text without applying it',
  }),
  'workspace.save': command({
    permission: 'configure',
    input: z.strictObject({ content: Content, baseVersionId: z.number().int().positive().optional(), confirm: z.boolean().default(false) }),
    output: returns<WorkspaceView>(),
    rest: 'PUT /workspace',
    summary: 'Validate, write and apply a new workspace text (in a confirm_destructive environment, with "confirm": true)',
  }),
  'workspace.preview': command({
    permission: 'configure',
    input: z.strictObject({ content: Content }),
    output: returns<WorkspacePreview>(),
    rest: 'POST /workspace/preview',
    summary: 'What saving a text would do: its problems, the diff against the running version, whether to confirm',
  }),
  'workspace.edit': command({
    permission: 'configure',
    input: z.strictObject({ content: Content.optional(), edits: z.array(Edit).min(1).max(100) }),
    output: returns<{ content: string }>(),
    rest: 'POST /workspace/edit',
    summary: 'Change values of a workspace text in place (comments and formatting kept); returns the text, unsaved',
  }),
  'workspace.setEnvironment': command({
    permission: 'configure',
    input: z.strictObject({ environment: z.string().min(1) }),
    output: returns<WorkspaceView>(),
    rest: 'PUT /workspace/environment',
    summary: 'Switch the active environment',
  }),
  'workspace.history': command({
    permission: 'view',
    input: z
      .strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(100) })
      .optional()
      .default({ limit: 100 }),
    output: returns<ConfigVersionSummary[]>(),
    rest: 'GET /workspace/history',
    summary: 'Accepted versions, newest first',
  }),
  'workspace.version': command({
    permission: 'view',
    input: z.strictObject({ id: VersionId }),
    output: returns<ConfigVersion>(),
    rest: 'GET /workspace/history/:id',
    summary: 'One accepted version with its text',
  }),
  'workspace.diff': command({
    permission: 'view',
    input: z.strictObject({ from: VersionId, to: VersionId }),
    output: returns<string>(),
    rest: 'GET /workspace/diff',
    summary: 'Unified diff between two versions',
  }),
  'workspace.schema': command({
    permission: 'view',
    input: NoInput,
    output: returns<Record<string, unknown>>(),
    rest: 'GET /workspace/schema',
    summary: 'The JSON Schema of the workspace file, for editors (completion, hovers, checks)',
  }),
  'workspace.restore': command({
    permission: 'configure',
    input: z.strictObject({ id: VersionId }),
    output: returns<WorkspaceView>(),
    rest: 'POST /workspace/history/:id/restore',
    summary: 'Write an earlier version back to the file and apply it',
  }),
};

export const workspaceEvents = {
  'workspace.changed': event<WorkspaceView>('A new version of the workspace is running', 'view'),
  'workspace.invalid': event<ConfigErrorView>('An edit was rejected; the last good version keeps running', 'view'),
};
