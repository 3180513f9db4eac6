/** One problem in a workspace file, located so an editor can jump to it. */
export interface ConfigIssue {
  file: string;
  line: number;
  col: number;
  /** Dotted path inside the document, e.g. services.api.probes[0].every */
  path: string;
  message: string;
}

export interface ConfigErrorView {
  at: number;
  file: string;
  issues: ConfigIssue[];
}

export interface EnvironmentView {
  name: string;
  confirmDestructive: boolean;
  vars: Record<string, string>;
}

export interface WorkspaceCounts {
  services: number;
  probes: number;
  rules: number;
  routes: number;
  channels: number;
}

export interface WorkspaceView {
  name: string;
  /** Absolute path of the file, or null for the built-in default workspace. */
  path: string | null;
  builtIn: boolean;
  environment: string | null;
  environments: EnvironmentView[];
  /** The YAML of the version that is running (the last good one). */
  content: string;
  versionId: number;
  loadedAt: number;
  counts: WorkspaceCounts;
  /** The last rejected edit, while the last good version keeps running; null once fixed. */
  error: ConfigErrorView | null;
}

export type ConfigSource = 'startup' | 'file' | 'app' | 'restore' | 'cli';

export interface ConfigVersionSummary {
  id: number;
  at: number;
  source: ConfigSource;
  file: string;
  bytes: number;
  hash: string;
}

export interface ConfigVersion extends ConfigVersionSummary {
  content: string;
}

export interface ValidationResult {
  ok: boolean;
  issues: ConfigIssue[];
  /**
   * Running services whose start settings (command, cwd, env...) this text changes: once it is
   * applied, each needs a restart to take them ("api: restart to apply (start, env.PORT changed)").
   */
  restartToApply: { service: string; fields: string[] }[];
}

/** What saving a text would do, shown before it is saved. */
export interface WorkspacePreview {
  /** Problems that would refuse the save (empty: it would be applied). */
  issues: ConfigIssue[];
  /** Unified diff from the running version to this text ('' when they are the same). */
  diff: string;
  /** The running version the diff is against. */
  versionId: number;
  /** The active environment when it asks for confirmation before changes (confirm_destructive), else null. */
  confirmEnvironment: string | null;
  /** Running services this text changes in ways that take effect at their next start. */
  restartToApply: ValidationResult['restartToApply'];
}

/** Where a value is in the workspace file: keys and list indexes from the top. */
export type WorkspacePath = (string | number)[];

/** One change to the workspace text, made in place (comments and formatting elsewhere kept). */
export type WorkspaceEdit = { path: WorkspacePath; value: unknown } | { path: WorkspacePath; delete: true };
