import fs from 'node:fs';
import type { ValidationResult, WorkspaceView } from '../shared/types/workspace';
import { resolveToken, serverClient } from './server-client';

/** A console that does not answer this fast is treated as not running: validating a file must not hang on it. */
const ASK_TIMEOUT_MS = 3_000;

export type RunningConsoleAnswer =
  /** No console answers, or it runs another file or environment: nothing to say about running services. */
  { kind: 'none' } | { kind: 'checked'; url: string; result: ValidationResult };

/**
 * Asks the console that runs `file` (if one answers at `url` with the data folder's token) what
 * this text would mean for its running services: which wait for a restart to take an edit of
 * their command, cwd or environment. The console resolves ${VAR}s with its own environment.
 */
export async function askRunningConsole(
  file: string,
  content: string,
  options: { url: string; dataDir: string; token?: string; environment?: string },
): Promise<RunningConsoleAnswer> {
  let client;
  try {
    client = serverClient(options.url, resolveToken(options.dataDir, options.token));
  } catch {
    return { kind: 'none' };
  }
  let view: WorkspaceView;
  try {
    view = await client.call<WorkspaceView>('GET', '/workspace', undefined, { timeoutMs: ASK_TIMEOUT_MS });
  } catch {
    return { kind: 'none' };
  }
  if (view.path === null || realPath(view.path) !== realPath(file)) return { kind: 'none' };
  if (options.environment !== undefined && options.environment !== view.environment) return { kind: 'none' };
  try {
    return {
      kind: 'checked',
      url: client.url,
      result: await client.call<ValidationResult>('POST', '/workspace/validate', { content }, { timeoutMs: ASK_TIMEOUT_MS }),
    };
  } catch {
    return { kind: 'none' };
  }
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}
