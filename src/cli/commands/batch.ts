import crypto from 'node:crypto';
import type { Command } from 'commander';
import { z } from 'zod';
import { ZervigoError } from '../../shared/errors';
import type { OperationProgress, OperationResult } from '../../shared/types/operate';
import { formatIssuePath } from '../../shared/zod-message';
import { DEFAULT_URL } from '../server-client';
import { DEFAULT_MAX_WORKSPACE_BYTES } from '../../core/config/input-limits';
import { readTextFile } from '../../core/config/read-text-file';
import { consoleClient } from '../console-call';

const Step = z.strictObject({
  action: z.enum(['start', 'stop', 'restart', 'reset'], { error: 'action is one of start, stop, restart, reset' }),
  services: z.array(z.string().min(1)).default([]),
  confirm: z.boolean().default(false),
});
const Batch = z.preprocess(
  (value) => (typeof value === 'object' && value !== null && !Array.isArray(value) && 'steps' in value ? value.steps : value),
  z.array(Step, { error: 'expected a list of steps' }).min(1, 'the batch has no steps'),
);

export type BatchStep = z.infer<typeof Step>;

/** Reads ops.json: a list of { action, services } (or { steps: [...] }); problems name the step. */
export function readBatch(file: string): BatchStep[] {
  const read = readTextFile(file, DEFAULT_MAX_WORKSPACE_BYTES);
  if (!read.ok) throw new ZervigoError(read.problem.missing ? 'not_found' : 'invalid_input', read.problem.message);
  let value: unknown;
  try {
    value = JSON.parse(read.text);
  } catch (error) {
    throw new ZervigoError('invalid_input', `${file} is not JSON: ${(error as Error).message}`);
  }
  const parsed = Batch.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where =
      issue === undefined || issue.path.length === 0
        ? ''
        : `${formatIssuePath(issue.path).replace(/^\[(\d+)\]/, (_m, i: string) => `step ${Number(i) + 1}`)}: `;
    throw new ZervigoError('invalid_input', `${file}: ${where}${issue?.message ?? 'invalid'}; expected [{ "action": "start", "services": ["api"] }, ...]`);
  }
  return parsed.data;
}

const pad = (text: string, width: number): string => text.padEnd(width);

export function registerBatchCommand(program: Command): void {
  program
    .command('batch')
    .description('run a list of { action, services } steps against the running server, with progress and a summary')
    .requiredOption('-f, --file <ops.json>', 'the steps: [{ "action": "start" | "stop" | "restart" | "reset", "services": [...] }]')
    .option('--url <url>', `the server (default: $ZERVIGO_URL, else ${DEFAULT_URL})`)
    .option('--token <token>', 'the API token (default: $ZERVIGO_TOKEN, else the one in the data folder)')
    .option('--confirm', 'confirm stops and restarts in an environment that asks for it')
    .option('--keep-going', 'run the remaining steps after one fails')
    .action(async (options: { file: string; url?: string; token?: string; confirm?: boolean; keepGoing?: boolean }, command: Command) => {
      const steps = readBatch(options.file);
      const client = consoleClient(command, options);
      const out = (line: string): boolean => process.stdout.write(`${line}\n`);
      const batchId = crypto.randomBytes(3).toString('hex');
      let current = '';
      const stopEvents = await client.events(['operations.progress'], (_name, payload) => {
        const progress = payload as OperationProgress;
        if (progress.operation !== current || progress.step === 'queued') return;
        out(`      ${pad(progress.service, 16)} ${pad(progress.step, 8)} ${progress.message}`);
      });
      const started = Date.now();
      const results: { step: BatchStep; result: OperationResult | null; error: string | null }[] = [];
      try {
        for (const [index, step] of steps.entries()) {
          current = `batch-${batchId}-${index + 1}`;
          out(`[${index + 1}/${steps.length}] ${step.action} ${step.services.length === 0 ? 'all services' : step.services.join(', ')}`);
          try {
            const body =
              step.action === 'reset'
                ? { services: step.services, operation: current }
                : { services: step.services, confirm: step.confirm || options.confirm === true, operation: current };
            const result = await client.call<OperationResult>('POST', `/services/${step.action}`, body);
            results.push({ step, result, error: null });
            const failed = result.services.filter((entry) => entry.outcome === 'failed' || entry.outcome === 'blocked');
            const took = `${(result.durationMs / 1000).toFixed(1)} s`;
            // The engine's own sentence: what was done, and what was only waited for.
            out(
              result.ok
                ? `      ok in ${took}: ${result.summary}`
                : `      FAILED: ${failed.map((entry) => `${entry.service} (${entry.message})`).join('; ')} in ${took}`,
            );
            if (!result.ok && options.keepGoing !== true) break;
          } catch (error) {
            results.push({ step, result: null, error: (error as Error).message });
            out(`      FAILED: ${(error as Error).message}`);
            if (options.keepGoing !== true) break;
          }
        }
      } finally {
        stopEvents();
      }
      const ok = results.filter((entry) => entry.result?.ok === true).length;
      const failed = results.length - ok;
      const skipped = steps.length - results.length;
      out(
        `\n${steps.length} step${steps.length === 1 ? '' : 's'}: ${ok} ok, ${failed} failed${skipped > 0 ? `, ${skipped} not run` : ''} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );
      if (failed > 0 || skipped > 0) process.exitCode = 1;
    });
}
