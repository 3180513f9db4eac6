/**
 * `npm run bench automation [-- --seconds 20]`: the cron scheduler with 1,000 jobs in real time.
 * Firing lateness (when a job's callback ran minus the second it was due) for the scheduler's one
 * timer over a heap, beside the same-run baseline of one croner timer per job (croner's own
 * scheduling); and CPU while 1,000 jobs wait, beside the same process doing nothing.
 */
import { Cron } from 'croner';
import { systemClock } from '../src/core/clock';
import { CronScheduler } from '../src/core/automation/cron-scheduler';
import { percentile, printFigures } from './report';

const JOBS = 1_000;

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Job i fires every 10 s at second i % 10: 100 jobs due each second. */
const pattern = (i: number): string => `${i % 10}-59/10 * * * * *`;

async function lateness(seconds: number): Promise<{ ours: number[]; baseline: number[] }> {
  const baseline: number[] = [];
  const crons = Array.from(
    { length: JOBS },
    (_, i) =>
      new Cron(pattern(i), { timezone: 'UTC' }, (self: Cron) => {
        const due = self.currentRun()?.getTime();
        if (due !== undefined) baseline.push(Date.now() - due);
      }),
  );
  await wait(seconds * 1000);
  for (const cron of crons) cron.stop();

  const ours: number[] = [];
  const scheduler = new CronScheduler(systemClock, (_name, due) => ours.push(Date.now() - due));
  scheduler.set(Array.from({ length: JOBS }, (_, i) => ({ name: `job-${i}`, pattern: pattern(i), timezone: 'UTC' })));
  await wait(seconds * 1000);
  scheduler.stop();
  return { ours, baseline };
}

async function idleCpu(seconds: number): Promise<{ ours: number; baseline: number }> {
  const measure = async (): Promise<number> => {
    const start = process.cpuUsage();
    const startedAt = performance.now();
    await wait(seconds * 1000);
    const used = process.cpuUsage(start);
    return ((used.user + used.system) / 1000 / (performance.now() - startedAt)) * 100;
  };
  const baseline = await measure();
  const scheduler = new CronScheduler(systemClock, () => undefined);
  // Due once a year: nothing fires while measured; what costs is only the waiting.
  scheduler.set(Array.from({ length: JOBS }, (_, i) => ({ name: `job-${i}`, pattern: `${i % 60} ${i % 24} 1 1 *`, timezone: 'UTC' })));
  const ours = await measure();
  scheduler.stop();
  return { ours, baseline };
}

export async function run(args: string[]): Promise<void> {
  const index = args.indexOf('--seconds');
  const seconds = index < 0 ? 20 : Number(args[index + 1]);
  const { ours, baseline } = await lateness(seconds);
  const cpu = await idleCpu(Math.max(5, Math.round(seconds / 2)));
  printFigures(`Scheduler: ${JOBS} cron jobs, ${seconds} s of real time each (load average ${(await import('node:os')).loadavg()[0]?.toFixed(1)})`, [
    { name: 'fires (scheduler)', value: ours.length, unit: '' },
    { name: 'lateness p50 (scheduler)', value: percentile(ours, 50), unit: 'ms' },
    { name: 'lateness p99 (scheduler)', value: percentile(ours, 99), unit: 'ms', target: { op: '<=', value: 50 } },
    { name: 'fires (baseline: a croner timer per job)', value: baseline.length, unit: '' },
    { name: 'lateness p50 (baseline)', value: percentile(baseline, 50), unit: 'ms' },
    { name: 'lateness p99 (baseline)', value: percentile(baseline, 99), unit: 'ms' },
    { name: `idle CPU with ${JOBS} jobs waiting`, value: cpu.ours, unit: '% of a core', target: { op: '<=', value: 0.5 } },
    { name: 'idle CPU, no jobs (baseline)', value: cpu.baseline, unit: '% of a core' },
  ]);
}
