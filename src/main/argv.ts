import { parseArgs } from 'node:util';

export interface DesktopArgs {
  dataDir?: string;
  workspace?: string;
  environment?: string;
}

/**
 * The desktop's own flags, the same as `zervigo serve` takes: --data-dir, --workspace, --env.
 * Electron and Chromium add switches of their own (and `.` in development), so anything else
 * is ignored rather than refused.
 */
export function parseDesktopArgs(argv: readonly string[]): DesktopArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: { 'data-dir': { type: 'string' }, workspace: { type: 'string' }, env: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  const args: DesktopArgs = {};
  const dataDir = text(values['data-dir']);
  const workspace = text(values.workspace);
  const environment = text(values.env);
  if (dataDir !== undefined) args.dataDir = dataDir;
  if (workspace !== undefined) args.workspace = workspace;
  if (environment !== undefined) args.environment = environment;
  return args;
}
