import { z } from 'zod';
import type { AnalysedSeries, AnalyserInput } from '../../plugin-sdk/index';
import type { FindingInsight, NoticeInsight } from '../../shared/types/insights';
import { formatZodError } from '../../shared/zod-message';
import { every, type Clock, type TimerHandle } from '../clock';
import type { AnalyserConfig } from '../config/schema/analysis';
import type { Logger } from '../logger';
import { parsePromql } from '../promql/parse-promql';
import type { SeriesStore } from '../store/series-store';
import { selectorOf } from './series-selection';

/** One round of an analyser plugin's kind (PluginsModule.callKind('analysers', ...)), within `timeoutMs`. */
export type AnalyserCall = (kind: string, options: unknown, input: AnalyserInput, timeoutMs: number) => Promise<unknown>;

/** Series one analyser is given at most, and points per series (a longer window is downsampled). */
const MAX_SERIES = 200;
const MAX_POINTS = 1_440;
/** Ended findings kept for the console. */
const MAX_ENDED = 200;

/** What a plugin must answer: anything else is refused, naming the plugin, and the findings stay as they were. */
const Answer = z
  .array(
    z.strictObject({
      key: z.string().min(1).max(200),
      summary: z.string().min(1).max(1_000),
      severity: z.enum(['critical', 'warning', 'info']),
      service: z.string().min(1).max(200).optional(),
      target: z.string().min(1).max(300).optional(),
      evidence: z.array(z.string().min(1).max(1_000)).max(20).optional(),
    }),
    { error: 'expected an array of findings ({ key, summary, severity, service?, target?, evidence? })' },
  )
  .max(100, 'more than 100 findings in one round');

interface Scheduled {
  name: string;
  config: AnalyserConfig;
  timer: TimerHandle;
  running: boolean;
}

/**
 * Runs the analysers of `analysis.analysers`: every `every` each one is given the series its
 * `select` matches over its `window` (from the store: raw samples, or buckets when the window
 * holds more than 1,440 per series), and what it returns becomes finding insights. A finding
 * returned again is the same one going on; one not returned by a round that answered has ended.
 * A round that fails (timeout, crash, the plugin down, garbage) changes no finding and says why
 * in a notice naming the analyser and its plugin; the next round is tried as usual.
 */
export class AnalyserRunner {
  private scheduled: Scheduled[] = [];
  private readonly findings = new Map<string, FindingInsight>();
  private readonly problems = new Map<string, NoticeInsight>();
  private changed = false;

  constructor(private readonly deps: { series: SeriesStore; clock: Clock; logger: Logger; call: AnalyserCall | undefined }) {}

  configure(analysers: readonly AnalyserConfig[]): void {
    this.stop();
    const names = new Set(analysers.map((config) => config.name ?? config.plugin.kind));
    // Findings of an analyser taken out of the workspace end now; those of one kept go on.
    for (const finding of this.findings.values()) if (!names.has(finding.analyser)) this.end(finding, this.deps.clock.now());
    for (const name of [...this.problems.keys()]) if (!names.has(name)) this.problems.delete(name);
    this.scheduled = analysers.map((config) => {
      const entry: Scheduled = { name: config.name ?? config.plugin.kind, config, running: false, timer: null as unknown as TimerHandle };
      entry.timer = every(this.deps.clock, config.every, () => void this.run(entry));
      return entry;
    });
  }

  /** Runs every analyser once now (the timers do it every `every`); resolves when all answered or failed. */
  async runAll(): Promise<void> {
    await Promise.all(this.scheduled.map((entry) => this.run(entry)));
  }

  list(): FindingInsight[] {
    return [...this.findings.values()].sort((a, b) => Number(a.endedAt !== null) - Number(b.endedAt !== null) || b.startedAt - a.startedAt);
  }

  notices(): NoticeInsight[] {
    return [...this.problems.values()];
  }

  /** Whether findings or notices changed since the last call (and forgets it). */
  takeChanged(): boolean {
    const changed = this.changed;
    this.changed = false;
    return changed;
  }

  stop(): void {
    for (const entry of this.scheduled) entry.timer.cancel();
    this.scheduled = [];
  }

  private async run(entry: Scheduled): Promise<void> {
    // A round still waiting for its answer is not doubled up: the next one starts after it.
    if (entry.running || !this.scheduled.includes(entry)) return;
    entry.running = true;
    const { config } = entry;
    const plugin = config.plugin.plugin;
    try {
      if (this.deps.call === undefined) throw new Error('plugins do not run here');
      const input = this.input(entry.name, config);
      const answer = await this.deps.call(config.plugin.kind, config.plugin.options, input, config.timeout);
      if (!this.scheduled.includes(entry)) return; // the workspace changed meanwhile
      const parsed = Answer.safeParse(answer);
      if (!parsed.success) throw new Error(`plugin ${plugin} answered garbage: ${formatZodError(parsed.error)}`);
      this.apply(entry, parsed.data, input.to);
      if (this.problems.delete(entry.name)) this.changed = true;
    } catch (error) {
      const message = (error as Error).message;
      const why = message.includes(`plugin ${plugin}`) ? message : `plugin ${plugin}: ${message}`;
      const summary = `analyser ${entry.name} (${config.plugin.kind}) failed: ${why}; its findings stay as they were until a round answers`;
      if (this.problems.get(entry.name)?.summary !== summary) {
        this.deps.logger.warn({ analyser: entry.name, plugin, err: message }, 'analysis: an analyser round failed');
        // About the analyser, not one service's series: every service's operator reads it.
        this.problems.set(entry.name, { kind: 'notice', id: `notice-analyser-${entry.name}`, at: this.deps.clock.now(), summary, services: null });
        this.changed = true;
      }
    } finally {
      entry.running = false;
    }
  }

  /** The series the entry selects over its window, each at most MAX_POINTS points. */
  private input(name: string, config: AnalyserConfig): AnalyserInput {
    const to = this.deps.clock.now();
    const from = to - config.window;
    const series: AnalysedSeries[] = [];
    const seen = new Set<number>();
    for (const selector of config.select) {
      const { expr } = parsePromql(selector);
      if (expr.kind !== 'vector') continue; // the schema allows only selectors
      for (const info of this.deps.series.index.select(expr.name, expr.matchers)) {
        if (seen.has(info.id) || series.length >= MAX_SERIES) continue;
        seen.add(info.id);
        const read = this.deps.series.reader.readDownsampled(info.id, from, to, MAX_POINTS, to);
        const points = read.ts.map((ts, i) => ({ ts, value: read.avg[i] as number, count: read.count[i] as number }));
        if (points.length === 0) continue;
        series.push({ metric: info.name, labels: { ...info.labels }, selector: selectorOf(info.name, info.labels), points });
      }
    }
    return { analyser: name, from, to, series };
  }

  private apply(entry: Scheduled, answer: z.infer<typeof Answer>, now: number): void {
    const returned = new Set<string>();
    for (const found of answer) {
      const id = `finding:${entry.name}:${found.key}`;
      if (returned.has(id)) continue; // the same key twice in one round: the first counts
      returned.add(id);
      const current = this.findings.get(id);
      const ongoing = current !== undefined && current.endedAt === null;
      const next: FindingInsight = {
        kind: 'finding',
        id,
        analyser: entry.name,
        analyserKind: entry.config.plugin.kind,
        plugin: entry.config.plugin.plugin,
        severity: found.severity,
        service: found.service ?? null,
        target: found.target ?? found.service ?? entry.name,
        summary: found.summary,
        evidence: found.evidence ?? [],
        startedAt: ongoing ? current.startedAt : now,
        lastAt: now,
        endedAt: null,
      };
      // A new finding, or one that changed what it says, is news; the same one again is not.
      if (!ongoing || current.summary !== next.summary || current.severity !== next.severity) this.changed = true;
      this.findings.delete(id);
      this.findings.set(id, next);
    }
    for (const finding of this.findings.values()) {
      if (finding.analyser === entry.name && finding.endedAt === null && !returned.has(finding.id)) this.end(finding, now);
    }
    this.trimEnded();
  }

  private end(finding: FindingInsight, at: number): void {
    if (finding.endedAt !== null) return;
    finding.endedAt = at;
    this.changed = true;
  }

  private trimEnded(): void {
    const ended = [...this.findings.values()].filter((finding) => finding.endedAt !== null);
    for (const finding of ended.slice(0, Math.max(0, ended.length - MAX_ENDED))) this.findings.delete(finding.id);
  }
}
