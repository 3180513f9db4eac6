import { isDeepStrictEqual } from 'node:util';
import type { CommandLine, ServiceConfig } from '../config/schema';
import type { ServiceSpec } from '../process/runner';

/**
 * What a service's process takes in when it starts and keeps until it stops: its command (as
 * written, after ${VAR} substitution), whether a shell runs it, its folder, its environment, its
 * stop command (a handle keeps the one it started with) and its tmux placement. An edit of any of
 * these waits for the next start; everything else in the workspace applies at once.
 */
export interface StartSettings {
  start: CommandLine;
  shell: boolean;
  cwd: string;
  env: Record<string, string>;
  stop: CommandLine | null;
  tmux: { session: string; window: string } | null;
}

export function startSettingsOf(service: ServiceConfig, spec: ServiceSpec): StartSettings {
  return { start: service.start ?? spec.argv, shell: service.shell, cwd: spec.cwd, env: spec.env, stop: service.stop ?? null, tmux: spec.tmux };
}

/** The settings that differ, as the workspace file names them: "start", "cwd", "env.PORT", "tmux"... */
export function changedStartSettings(running: StartSettings, next: StartSettings): string[] {
  const changed: string[] = [];
  for (const key of ['start', 'shell', 'cwd'] as const) if (!isDeepStrictEqual(running[key], next[key])) changed.push(key);
  const names = [...new Set([...Object.keys(running.env), ...Object.keys(next.env)])].sort();
  for (const name of names) if (running.env[name] !== next.env[name]) changed.push(`env.${name}`);
  for (const key of ['stop', 'tmux'] as const) if (!isDeepStrictEqual(running[key], next[key])) changed.push(key);
  return changed;
}
