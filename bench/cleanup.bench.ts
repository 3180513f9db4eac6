/**
 * `npm run bench cleanup [-- --files 100000]`: log cleanup to a free-space target on the real
 * filesystem. 100,000 sparse files of 100 KiB apparent size (10 GB) with one real 4 KiB block
 * each and spread mtimes; a cleanup step with `free_above: <free now + 200 MiB>`, oldest first.
 * The dry run's list is planned, the step's dry run (as the engine runs it) must print the same
 * digest, then the real run plans again (as the step does) and deletes; the files gone afterwards
 * are compared with the dry run's list, and its digest with the dry run's. Other processes write to the same
 * disk, so the free-space drift between the two plans is measured and printed beside them.
 * Baselines in the same run: globbing and lstat-ing the files alone, and a plain unlinkSync loop
 * over the files left (what `find -delete` does).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { globSync } from 'tinyglobby';
import { cleanupSchema } from '../src/core/config/schema';
import { planCleanup } from '../src/core/automation/maintenance/cleanup-plan';
import { cleanupStep } from '../src/core/automation/steps/cleanup-step';
import type { StepContext } from '../src/core/automation/steps/step-kind';
import { printFigures } from './report';

const APPARENT = 100 * 1024;
const WRITTEN = 4096;
const FOLDERS = 100;
const HEADROOM = 200 * 1024 * 1024;

function makeFiles(root: string, count: number, now: number): string[] {
  const block = Buffer.alloc(WRITTEN, 'x');
  const files: string[] = [];
  for (let folder = 0; folder < FOLDERS; folder += 1) fs.mkdirSync(path.join(root, `d${folder}`));
  for (let i = 0; i < count; i += 1) {
    const file = path.join(root, `d${i % FOLDERS}`, `f${i}.log`);
    const fd = fs.openSync(file, 'w');
    fs.ftruncateSync(fd, APPARENT);
    fs.writeSync(fd, block, 0, WRITTEN, 0);
    fs.closeSync(fd);
    // A permutation of ages (7919 is prime to the count used): creation order is not age order.
    const ageSeconds = 60 + ((i * 7919) % count);
    const mtime = (now - ageSeconds * 1000) / 1000;
    fs.utimesSync(file, mtime, mtime);
    files.push(file);
  }
  return files;
}

const freeBytes = (dir: string): number => {
  const stats = fs.statfsSync(dir);
  return stats.bavail * stats.bsize;
};

/** The parts of a step context a cleanup step reads; the rest refuse loudly if ever used. */
function stepContext(cwd: string, dryRun: boolean, output: string[]): StepContext {
  const unused = (): never => {
    throw new Error('not used by a cleanup step');
  };
  return {
    job: 'logs-cleanup',
    runId: dryRun ? 1 : 2,
    actor: 'bench',
    cwd,
    dryRun,
    signal: new AbortController().signal,
    timeoutMs: 3_600_000,
    env: {},
    now: () => Date.now(),
    output: (text) => output.push(text),
    touchServices: unused,
    runProcess: unused,
    services: { start: unused, stop: unused, restart: unused } as unknown as StepContext['services'],
    notifier: { notify: unused },
    backups: {} as StepContext['backups'],
    runJob: unused,
    housekeeping: unused,
  };
}

const digestIn = (output: string[]): string | undefined => /plan sha256 ([0-9a-f]{64})/.exec(output.join(''))?.[1];

export async function run(args: string[]): Promise<void> {
  const index = args.indexOf('--files');
  const count = index < 0 ? 100_000 : Number(args[index + 1]);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-cleanup-bench-'));
  try {
    const createdAt = performance.now();
    const files = makeFiles(root, count, Date.now());
    const createMs = performance.now() - createdAt;
    const allocatedEach = fs.statSync(files[0] as string).blocks * 512;

    // Baseline: what listing the files costs without any planning.
    const listedAt = performance.now();
    let listed = 0;
    for (const file of globSync([path.join(root, '**/*.log')], { absolute: true, onlyFiles: true })) listed += fs.lstatSync(file).blocks > 0 ? 1 : 0;
    const listMs = performance.now() - listedAt;

    const freeAtStart = freeBytes(root);
    const config = cleanupSchema.parse({ paths: ['./**/*.log'], free_above: freeAtStart + HEADROOM, order: 'oldest' });
    const step = { cleanup: config };

    // The dry run's full list (planCleanup, what the step plans), then the step's dry run as the
    // engine runs it (its printed digest must be this list's), then the real run right after.
    const planAt = performance.now();
    const dryPlan = planCleanup(config, root, Date.now());
    const planMs = performance.now() - planAt;
    const dryOutput: string[] = [];
    const dryAt = performance.now();
    const dry = await cleanupStep.run(step, stepContext(root, true, dryOutput));
    const dryMs = performance.now() - dryAt;
    const freeBeforeRun = freeBytes(root);

    const realOutput: string[] = [];
    const realAt = performance.now();
    const real = await cleanupStep.run(step, stepContext(root, false, realOutput));
    const realMs = performance.now() - realAt;
    const freeAfter = freeBytes(root);

    const gone = files.filter((file) => !fs.existsSync(file));
    const goneSet = new Set(gone);
    const planned = dryPlan.items.map((item) => item.path);
    const sameFiles = planned.length === gone.length && planned.every((file) => goneSet.has(file));
    const sameOrder = digestIn(dryOutput) === dryPlan.digest && digestIn(realOutput) === dryPlan.digest;
    // Both plans take the same oldest-first order, so when the free space moved between them one
    // list is the other's head: the rest is explained by the drift.
    const shorter = planned.length <= gone.length ? planned : gone;
    const longerSet = planned.length <= gone.length ? goneSet : new Set(planned);
    const headOfOther =
      shorter.every((file) => longerSet.has(file)) && (planned.length <= gone.length || planned.slice(0, gone.length).every((file) => goneSet.has(file)));
    const plannedBytes = dryPlan.items.reduce((sum, item) => sum + item.allocated, 0);
    const target = dryPlan.filesystems[0]?.targetFreeBytes ?? Number.NaN;

    // Baseline: a plain unlinkSync loop over the files left.
    const left = files.filter((file) => !goneSet.has(file));
    const unlinkAt = performance.now();
    for (const file of left) fs.unlinkSync(file);
    const unlinkMs = performance.now() - unlinkAt;

    const mib = (bytes: number): number => bytes / 1024 / 1024;
    printFigures(
      `Log cleanup: ${count.toLocaleString('en-US')} files of ${APPARENT / 1024} KiB apparent (${((count * APPARENT) / 1e9).toFixed(1)} GB), ${allocatedEach} B allocated each, free_above = free + ${mib(HEADROOM)} MiB, oldest first (load average ${os.loadavg()[0]?.toFixed(1)}; ${dry.message} / ${real.message})`,
      [
        { name: 'create the files (setup)', value: createMs, unit: 'ms' },
        { name: 'baseline: glob + lstat every file', value: listMs, unit: `ms (${listed} files)` },
        { name: 'plan (the dry-run list: glob, lstat, sort, statfs)', value: planMs, unit: 'ms' },
        { name: 'dry run through the step (plans again, prints)', value: dryMs, unit: 'ms' },
        { name: 'real run (plans again, then deletes)', value: realMs, unit: 'ms' },
        { name: 'files deleted', value: gone.length, unit: '' },
        { name: 'files on the dry-run list', value: planned.length, unit: '' },
        { name: 'deleted files = dry-run list (1 yes, 0 no)', value: sameFiles ? 1 : 0, unit: '', target: { op: '>=', value: 1 } },
        { name: 'same plan digest, same order (1 yes, 0 no)', value: sameOrder ? 1 : 0, unit: '', target: { op: '>=', value: 1 } },
        { name: 'one list the head of the other (1 yes, 0 no)', value: headOfOther ? 1 : 0, unit: '' },
        { name: 'deleted − planned', value: gone.length - planned.length, unit: `files (${((gone.length - planned.length) * allocatedEach) / 1024} KiB)` },
        {
          name: 'free-space drift, plan → real run',
          value: ((dryPlan.filesystems[0]?.freeBytes ?? Number.NaN) - freeBeforeRun) / 1024,
          unit: 'KiB used by others',
        },
        { name: 'real run: files/s', value: gone.length / (realMs / 1000), unit: 'files/s' },
        { name: 'baseline: unlinkSync loop over the rest: files/s', value: left.length / (unlinkMs / 1000), unit: `files/s (${left.length} files)` },
        { name: 'planned to free', value: mib(plannedBytes), unit: 'MiB' },
        { name: 'freed (statfs after − before the run)', value: mib(freeAfter - freeBeforeRun), unit: 'MiB' },
        { name: 'free after − target (≥ 0: reached)', value: (freeAfter - target) / 1024, unit: 'KiB' },
      ],
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
