// Fills a folder (a small tmpfs the benchmark mounted) at a changing rate, as a real process
// filling a disk would: appends of jittered size every 25 ms (sized by the time that passed), and for the cleanup scenario a
// "log rotation" that truncates the previous file to 40 % of its size at a fixed period.
// Usage: node disk-writer.mjs DIR CAPACITY_BYTES SCENARIO SECONDS SEED
import fs from 'node:fs';
import path from 'node:path';

const [dir, capacityText, scenario, secondsText, seedText] = process.argv.slice(2);
const capacity = Number(capacityText);
const seconds = Number(secondsText);
let seed = Number(seedText) >>> 0 || 1;
function uniform() {
  seed = (seed * 48271) % 2147483647;
  return seed / 2147483647;
}
function gaussian() {
  return Math.sqrt(-2 * Math.log(Math.max(uniform(), 1e-12))) * Math.cos(2 * Math.PI * uniform());
}

const shapes = {
  steady: () => 1,
  accelerating: (tau) => 0.5 + tau,
  decelerating: (tau) => Math.max(0.4, 1.6 - 1.2 * tau),
  cleanups: () => 2.5,
};
const shape = shapes[scenario];
const base = (0.95 * capacity) / seconds;
const cleanupEvery = seconds / 12;
const started = Date.now();
let file = 0;
let writtenSinceCleanup = 0;
let nextCleanup = cleanupEvery;

let last = started;
const timer = setInterval(() => {
  const now = Date.now();
  const elapsed = (now - started) / 1000;
  // Bytes for the time that really passed, so a late timer (a busy machine) does not slow the fill.
  const bytes = Math.max(0, Math.round(base * shape(elapsed / seconds) * ((now - last) / 1000) * (1 + 0.5 * gaussian())));
  last = now;
  try {
    fs.appendFileSync(path.join(dir, `log-${file}`), Buffer.alloc(bytes, 120));
    writtenSinceCleanup += bytes;
    if (scenario === 'cleanups' && elapsed >= nextCleanup) {
      fs.truncateSync(path.join(dir, `log-${file}`), Math.round(0.4 * writtenSinceCleanup));
      file += 1;
      writtenSinceCleanup = 0;
      nextCleanup += cleanupEvery;
    }
  } catch {
    // ENOSPC: the disk is full, which is where the benchmark stops.
    clearInterval(timer);
    process.exit(0);
  }
  if (elapsed > 3 * seconds) {
    clearInterval(timer);
    process.exit(0);
  }
}, 25);
process.on('SIGTERM', () => process.exit(0));
