import { stepSchema, toArgv } from '../../config/schema';
import type { KindConfig, StepKind } from './step-kind';

type ExecConfig = { exec: KindConfig<'exec'>; shell: boolean; env: Record<string, string> };

/** Runs a command (argv; a shell only with shell: true) in the workspace folder, its process group killed at the timeout. */
export const execStep: StepKind<ExecConfig> = {
  kind: 'exec',
  schema: stepSchema,
  describe: (config) => (Array.isArray(config.exec) ? config.exec.join(' ') : config.exec),
  destructive: () => false,
  async run(config, context) {
    const argv = toArgv(config.exec, config.shell);
    if (!argv.ok) return { ok: false, message: argv.message };
    if (context.dryRun) {
      context.output(`would run: ${argv.argv.map((word) => (/\s/.test(word) ? JSON.stringify(word) : word)).join(' ')}\nin ${context.cwd}\n`);
      return { ok: true, message: 'dry run' };
    }
    const result = await context.runProcess(argv.argv, {
      cwd: context.cwd,
      env: { ...context.env, ...config.env },
      timeoutMs: context.timeoutMs,
      signal: context.signal,
      onOutput: context.output,
    });
    return { ok: result.ok, message: result.message, timedOut: result.timedOut };
  },
};
