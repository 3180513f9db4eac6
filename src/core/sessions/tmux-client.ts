import { execFile } from 'node:child_process';
import type { TmuxSessionView } from '../../shared/types/sessions';
import { ZervigoError } from '../../shared/errors';
import { paneFormat, parseTree, sessionFormat, tmuxArg } from './tmux-format';

export interface TmuxClientOptions {
  /** `tmux -L <socket>`; null for the default server. */
  socket: string | null;
  /** The tmux program; "tmux" on PATH unless set. */
  binary?: string;
}

/**
 * Talks to one tmux server by running the tmux program with argv (never through a shell).
 * Several commands go in one invocation, separated the way tmux's own parser expects.
 */
export class TmuxClient {
  readonly socket: string | null;
  readonly binary: string;

  constructor(options: TmuxClientOptions) {
    this.socket = options.socket;
    this.binary = options.binary ?? 'tmux';
  }

  /** The arguments that select this server, for commands others run (attach, wait-for). */
  serverArgs(): string[] {
    return this.socket === null ? [] : ['-L', this.socket];
  }

  /** How an operator attaches from a shell. */
  attachHint(session: string): string {
    return ['tmux', ...this.serverArgs(), 'attach', '-t', session].join(' ');
  }

  /** Runs one or more tmux commands in one invocation; resolves with stdout. */
  run(...commands: string[][]): Promise<string> {
    // -u: without a UTF-8 locale (LANG unset, as under systemd or cron) tmux writes the tabs of our
    // -F formats, and any non-ASCII name, as "_"; we parse its output, so it must not depend on one.
    const args = ['-u', ...this.serverArgs()];
    commands.forEach((command, i) => {
      if (i > 0) args.push(';');
      args.push(...command.map(tmuxArg));
    });
    return new Promise((resolve, reject) => {
      execFile(this.binary, args, { env: tmuxEnv(), timeout: 10_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error === null) return resolve(stdout);
        reject(this.toError(error as NodeJS.ErrnoException, stderr));
      });
    });
  }

  /** Sessions with their windows and panes; empty when no server runs. */
  async list(): Promise<TmuxSessionView[]> {
    let out: string;
    try {
      out = await this.run(['list-sessions', '-F', sessionFormat], ['list-panes', '-a', '-F', paneFormat]);
    } catch (error) {
      // A server with no session left (the last one just closed, it has not exited yet) has no panes to list.
      if (isNoServer(error) || isNoSessions(error)) return [];
      throw error;
    }
    const lines = out.split('\n');
    const sessionLines = lines.filter((line) => line.split('\t').length === 5).join('\n');
    const paneLines = lines.filter((line) => line.split('\t').length > 5).join('\n');
    return parseTree(sessionLines, paneLines);
  }

  async isServerRunning(): Promise<boolean> {
    try {
      await this.run(['list-sessions', '-F', '#{session_id}']);
      return true;
    } catch (error) {
      if (isNoServer(error)) return false;
      throw error;
    }
  }

  private toError(error: NodeJS.ErrnoException, stderr: string): ZervigoError {
    if (error.code === 'ENOENT') return new TmuxMissing(this.binary);
    const message = stderr.trim().split('\n')[0] || error.message;
    const where = this.socket === null ? 'the default tmux server' : `tmux server "${this.socket}"`;
    if (/no server running|error connecting|server exited/i.test(message))
      return new ZervigoError('unavailable', `${where} is not running`, { tmux: 'no_server' });
    if (/no current target/i.test(message)) return new ZervigoError('not_found', `${where} has no sessions`, { tmux: 'no_sessions' });
    if (/can't find|no such|not found/i.test(message)) return new ZervigoError('not_found', `tmux: ${message}`);
    return new ZervigoError('invalid_input', `tmux: ${message}`);
  }
}

export class TmuxMissing extends ZervigoError {
  constructor(binary: string) {
    super('unavailable', `tmux is not installed (no "${binary}" on PATH): install it (e.g. apt-get install tmux) or set tmux: false on the services`, {
      tmux: 'missing',
    });
    this.name = 'TmuxMissing';
  }
}

export function isNoServer(error: unknown): boolean {
  return error instanceof ZervigoError && (error.details as { tmux?: string } | undefined)?.tmux === 'no_server';
}

export function isNoSessions(error: unknown): boolean {
  return error instanceof ZervigoError && (error.details as { tmux?: string } | undefined)?.tmux === 'no_sessions';
}

export function isTmuxMissing(error: unknown): boolean {
  return error instanceof TmuxMissing;
}

/** Zervigo may itself run inside tmux; its sessions are not nested in the operator's. */
export function tmuxEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.TMUX;
  delete env.TMUX_PANE;
  return env;
}
