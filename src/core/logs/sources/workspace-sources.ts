import path from 'node:path';
import type { WorkspaceConfig } from '../../config/schema';
import type { MultilineMode } from '../parse/entry-joiner';
import type { LogPipeline } from '../log-pipeline';
import { FileSource } from './file-source';
import { JournalSource } from './journal-source';
import type { LogSource } from './log-source';
import { TmuxPaneSource } from './tmux-pane-source';

export type SourceFactory = (pipeline: LogPipeline, onChange: () => void) => LogSource;

function multilineMode(value: 'auto' | 'none' | { start: string }): MultilineMode {
  if (value === 'auto') return { kind: 'auto' };
  if (value === 'none') return { kind: 'none' };
  return { kind: 'start', pattern: new RegExp(value.start) };
}

/**
 * The sources a workspace asks for, by key: each service's `logs:` files, the top-level
 * `logs.files`, `logs.tmux` panes and `logs.journal`. Keys stay the same across reloads, so an
 * unchanged source keeps running (and reading where it was) when the workspace changes.
 */
export function sourcesOf(
  config: WorkspaceConfig,
  options: { baseDir: string; maxLineBytes: number; pipesDir: string; skipFile?: (file: string) => string | null },
): Map<string, SourceFactory> {
  const out = new Map<string, SourceFactory>();
  const files = [
    ...Object.entries(config.services).flatMap(([service, declared]) =>
      declared.logs.map((item) =>
        typeof item === 'string' ? { path: item, service, from: 'end' as const, format: 'auto' as const, multiline: 'auto' as const } : { ...item, service },
      ),
    ),
    ...config.logs.files.map((item) => ({ ...item, service: item.service ?? path.basename(item.path).replace(/\.[^.]*$/, '') })),
  ];
  for (const file of files) {
    const pattern = path.resolve(options.baseDir, file.path);
    const spec = {
      pattern,
      service: file.service,
      from: file.from,
      format: file.format,
      multiline: multilineMode(file.multiline),
      maxLineBytes: options.maxLineBytes,
      origin: 'file' as const,
      skip: options.skipFile,
    };
    out.set(
      `files:${file.service}:${pattern}:${file.from}:${file.format}:${JSON.stringify(file.multiline)}`,
      (pipeline, onChange) => new FileSource(spec, pipeline, onChange),
    );
  }
  for (const pane of config.logs.tmux) {
    const spec = {
      target: pane.target,
      service: pane.service ?? pane.target.split(':')[0] ?? pane.target,
      socket: pane.socket,
      maxLineBytes: options.maxLineBytes,
    };
    out.set(`tmux:${pane.socket ?? ''}:${pane.target}:${spec.service}`, (pipeline, onChange) => new TmuxPaneSource(spec, pipeline, options.pipesDir, onChange));
  }
  if (config.logs.journal !== false) {
    const journal = config.logs.journal === true ? { units: [], service: undefined } : config.logs.journal;
    const spec = { units: journal.units, service: journal.service ?? null, maxLineBytes: options.maxLineBytes };
    out.set(`journal:${JSON.stringify(spec)}`, (pipeline, onChange) => new JournalSource(spec, pipeline, onChange));
  }
  return out;
}
