import { commandLine, toArgv, type CommandLine } from '../../config/schema';
import type { ActionKind } from '../action-kind';
import { runExec } from '../exec-action';

/** `exec: [argv]` or a line split into words: a command run in the workspace's folder. */
export const execAction: ActionKind<CommandLine, 'cwd'> = {
  kind: 'exec',
  summary: 'Run a command (argv, or a line split into words); its arguments may be templates.',
  schema: commandLine,
  describe: (command) => (Array.isArray(command) ? command.join(' ') : command),
  run: async (command, context) => {
    const { audit, actor, details, settings } = context;
    const split = toArgv(command, settings.shell);
    // Templates fill argv words, never a shell string: a label's value cannot become shell syntax.
    const argv = split.ok ? (settings.shell ? split.argv : split.argv.map((word) => context.expand(word))) : [];
    const target = split.ok ? argv.join(' ') : String(command);
    if (settings.dryRun || !split.ok) {
      audit.record({
        actor,
        action: 'exec',
        target,
        outcome: split.ok ? 'dry_run' : 'failed',
        message: split.ok ? `would run: ${target}` : split.message,
        details,
      });
      return;
    }
    const id = audit.begin({ actor, action: 'exec', target, details });
    const env = { ZERVIGO_RULE: context.rule, ZERVIGO_VALUE: String(context.value), ZERVIGO_LABELS: JSON.stringify(context.labels) };
    const result = await runExec(argv, { cwd: context.cwd, env, timeoutMs: settings.timeoutMs });
    audit.finish(id, result.ok ? 'ok' : 'failed', result.message, { ...details, exitCode: result.code, output: result.output });
  },
};
