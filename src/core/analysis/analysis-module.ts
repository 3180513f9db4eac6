import {
  ANOMALY_ALARM_SCORE,
  type AnomalyInsight,
  type ForecastInsight,
  type InsightSeries,
  type InsightsView,
  type NoticeInsight,
} from '../../shared/types/insights';
import { every, type Clock, type TimerHandle } from '../clock';
import type { ActiveWorkspace } from '../config/active-workspace';
import type { AnalysisConfig } from '../config/schema/analysis';
import type { WorkspaceConfig } from '../config/schema';
import type { Logger } from '../logger';
import type { Database } from '../store/database';
import type { Labels } from '../store/labels';
import type { SeriesStore } from '../store/series-store';
import type { EpisodeStart } from './anomaly/anomaly-episode';
import type { AnomalyParameters } from './anomaly/anomaly-parameters';
import { AdviceBook } from './advice/advice-book';
import { AnalyserRunner, type AnalyserCall } from './analyser-runner';
import { AnalysisStateStore, type EpisodeRow, type IncidentMoreRow, type StateRow } from './analysis-state-store';
import { ForecastTracker } from './forecast-tracker';
import { IncidentGrouper } from './incident-grouper';
import { syncInsightAlerts, type InsightAlertPort } from './insight-alerts';
import { compileSelection, compileSelector, selectorOf, type SeriesTest } from './series-selection';
import { SeriesScorer } from './series-scorer';
import { learningNotice, type LearningSeries } from './learning-notice';
import { UnscoredSamples, type UnscoredReason } from './unscored-samples';

/**
 * Analysis as a part of the engine. Every sample appended to the store is looked at once: a
 * sample of a selected series is scored by that series' detector and its score written as
 * `anomaly_score{<its labels>, metric="<its name>"}`; a sample of a forecast gauge feeds its
 * trend, and every `forecast_every` the time until the threshold is written as
 * `forecast_seconds_until{<its labels>, metric, threshold}`. Anomaly episodes group into
 * incidents. Learned state is saved with the series (analysis_state) and restored on start, and
 * so are the episodes the console keeps and their incidents (anomaly_episodes): a restart neither
 * ends an anomaly nor resolves the insight alert raised for it, nor forgets those that ended. The
 * periodic save is spread over short slices so it never holds the event loop (probes' timers) for
 * long; a workspace edit keeps the detectors of the series it still selects in memory.
 */
export const ANOMALY_SCORE = 'anomaly_score';
export const FORECAST_SECONDS_UNTIL = 'forecast_seconds_until';

/** Sensitivity as the detector's alarm level (nats): 0.99 always means "the detector raised an alarm". */
const ALARM_SURPRISAL = { low: 6.5, normal: 5, high: 4 } as const;
/** A series' state is saved at most this often while it runs (and always at stop). */
const SAVE_EVERY_MS = 10 * 60_000;
/**
 * How long one slice of the periodic save may serialize and write series before its commit
 * (which about doubles it): 10,000 series in one go held the event loop 0.8–1.3 s, past a 250 ms
 * probe's timeout; slices of 2 ms hold it 10–14 ms at most (4 ms: 20–55), for the same CPU.
 */
const SAVE_SLICE_MS = 2;
/** An episode whose series sends no sample for this long has ended. */
const SILENT_EPISODE_MS = 5 * 60_000;
/**
 * How long an open episode restored at start waits for its series' detector when that detector
 * was saved before the episode began (the periodic save is sliced; episodes are written at once):
 * a departure still going on is found again within a few samples and goes on as the same episode.
 */
const EPISODE_WAITS_MS = 5 * 60_000;
/** Ended anomalies kept for the console. */
const MAX_ANOMALIES = 500;

interface Scored {
  kind: 'scored';
  scorer: SeriesScorer;
  /** The alarm level the scorer was built with (a sensitivity edit rebuilds it). */
  alarmSurprisal: number | undefined;
  scoreId: number;
  series: InsightSeries;
  service: string | null;
  episode: AnomalyInsight | null;
  /** The restored episode waits until then for the detector (saved before it began) to find it again; null: not waiting. */
  episodeWaitsUntil: number | null;
  dirtySince: number | null;
  /** Why its latest sample got no score while its detector still learns (learning-notice.ts); null once scored. */
  learning: string | null;
}

interface Tracked {
  scored: Scored | null;
  forecasts: { tracker: ForecastTracker; outputId: number }[];
}

export interface AnalysisDeps {
  db: Database;
  series: SeriesStore;
  clock: Clock;
  logger: Logger;
  /** The TCP ports a service's processes listen on (null: not running or not visible), for advice. */
  listeningPorts?: (service: string) => number[] | null;
  /** Where insights are raised as alerts (analysis.notify); none: they stay insights. */
  alerts?: InsightAlertPort;
  /** Calls an analyser plugin's kind (analysis.analysers); none: analysers do not run here and say so. */
  analyse?: AnalyserCall;
}

export class AnalysisModule {
  private config: AnalysisConfig | null = null;
  private selected: SeriesTest = () => false;
  private forecastTests: { test: SeriesTest; threshold: number; direction?: 'up' | 'down' }[] = [];
  private parameters: Partial<AnomalyParameters> = {};
  /** Per series id: what analysis does with it (null: nothing), decided on its first sample. */
  private readonly tracked = new Map<number, Tracked | null>();
  private scoredCount = 0;
  private refused = 0;
  private readonly states: AnalysisStateStore;
  private readonly grouper = new IncidentGrouper<AnomalyInsight>(5 * 60_000);
  private readonly anomalies: AnomalyInsight[] = [];
  /** Open episodes of series not yet decided again since the workspace was applied (by series id). */
  private readonly carried = new Map<number, AnomalyInsight>();
  /** When open episodes were restored at start: the engine's own downtime is not the series falling silent. */
  private restoredAt = Number.NEGATIVE_INFINITY;
  private notices: NoticeInsight[] = [];
  private readonly stopObserving: () => void;
  /** Samples that got no score (NaN the store skipped, a counter reset, learning), told as notices. */
  private readonly unscored = new UnscoredSamples();
  private readonly stopObservingRefused: () => void;
  private forecastTimer: TimerHandle | null = null;
  private adviceTimer: TimerHandle | null = null;
  private workspaceConfig: WorkspaceConfig | null = null;
  /** Suggestions with their evidence, worked out every `analysis.advice_every` (5 min by default). */
  readonly advice: AdviceBook;
  /** The analysers plugins contribute, run on their schedules; what they find are insights. */
  readonly analysers: AnalyserRunner;
  private lastSave: number;
  /** The analysis settings that decide which series are analysed and how, as last applied. */
  private selection = '';
  /** A periodic save round is under way (it yields between slices). */
  private saving = false;
  private stopped = false;
  /** An episode began or ended since the episodes were last written: the next write (of any slice) includes them. */
  private episodesStale = false;
  /** An episode began or ended since the last `takeChanged`: the engine publishes once per tick, however many. */
  private changed = false;
  /** Forecasts were worked out since start (until then a forecast alert of before a restart is kept). */
  private forecastsKnown = false;

  constructor(private readonly deps: AnalysisDeps) {
    this.states = new AnalysisStateStore(deps.db);
    this.advice = new AdviceBook({ db: deps.db, series: deps.series, logger: deps.logger, listeningPorts: deps.listeningPorts ?? (() => null) });
    this.analysers = new AnalyserRunner({ series: deps.series, clock: deps.clock, logger: deps.logger, call: deps.analyse });
    this.stopObserving = deps.series.writer.observe((seriesId, ts, value) => this.observe(seriesId, ts, value));
    this.stopObservingRefused = deps.series.writer.observeRefused((seriesId) => this.noteUnscored(NON_FINITE, seriesId));
    this.lastSave = deps.clock.now();
    this.restoreEpisodes();
  }

  applyWorkspace(active: ActiveWorkspace): void {
    const config = active.config.analysis;
    const now = this.deps.clock.now();
    this.closeSilentEpisodes(now);
    // What decides which series are analysed, and how: unchanged, every series goes on as it is.
    const selection = JSON.stringify([config.anomalies, config.forecasts]);
    const reselect = selection !== this.selection;
    this.selection = selection;
    this.config = config;
    const anomalies = config.anomalies;
    this.selected = anomalies.enabled ? compileSelection(anomalies.select) : () => false;
    this.parameters = { alarmSurprisal: ALARM_SURPRISAL[anomalies.sensitivity] };
    this.forecastTests = config.forecasts.map((target) => ({
      test: compileSelector(target.select),
      threshold: target.threshold,
      ...(target.direction ? { direction: target.direction } : {}),
    }));
    this.grouper.configure(
      config.incidents.window,
      Object.fromEntries(Object.entries(active.config.services).map(([name, service]) => [name, service.depends_on])),
    );
    const released = reselect ? this.decideAgain(now) : [];
    this.endEpisodesNoLongerScored(active.config.analysis.anomalies.enabled, now);
    // Nothing else is written here: the next save takes what moved (an edit is not a save).
    if (released.length > 0) this.write(released, now, true);
    this.forecastsKnown = false;
    this.forecastTimer?.cancel();
    this.forecastTimer = config.forecasts.length === 0 ? null : every(this.deps.clock, config.forecast_every, () => this.forecastAll());
    this.workspaceConfig = active.config;
    this.analysers.configure(config.analysers);
    this.refreshAdvice();
    this.adviceTimer?.cancel();
    this.adviceTimer = every(this.deps.clock, config.advice_every, () => this.refreshAdvice());
    this.syncAlerts(true);
  }

  /**
   * Each series analysed so far is decided again under the new selection: what it is still
   * analysed for goes on with the same detector and trend in memory (an anomaly still going on
   * with it: an edit elsewhere in the file must not end it, nor resolve the insight alert raised
   * for it); what it no longer is, is returned to be saved, and dropped. Series analysed for
   * nothing are decided again on their next sample.
   */
  private decideAgain(now: number): StateRow[] {
    const previous = [...this.tracked];
    this.tracked.clear();
    this.scoredCount = 0;
    this.refused = 0;
    this.notices = [];
    const released: StateRow[] = [];
    for (const [seriesId, before] of previous) {
      if (before === null) continue;
      const after = this.decide(seriesId, before);
      this.tracked.set(seriesId, after);
      released.push(...this.release(seriesId, before, after, now));
    }
    return released;
  }

  /**
   * Raises the insights analysis.notify asks for as alerts and resolves those that ended (the
   * engine calls it each tick; `always` also when notify is off, to end what was raised before).
   */
  syncAlerts(always = false): void {
    const port = this.deps.alerts;
    const config = this.config?.notify;
    if (port === undefined || config === undefined || (!config.enabled && !always)) return;
    try {
      syncInsightAlerts(port, config, {
        now: this.deps.clock.now(),
        incidents: this.grouper.list(1),
        forecasts: this.forecastInsights(),
        advice: this.advice.list(),
        findings: this.analysers.list(),
        forecastsKnown: this.forecastsKnown,
      });
    } catch (error) {
      this.deps.logger.error({ err: error }, 'analysis: raising insights as alerts failed');
    }
  }

  private forecastInsights(): ForecastInsight[] {
    const out: ForecastInsight[] = [];
    for (const tracked of this.tracked.values()) for (const { tracker } of tracked?.forecasts ?? []) if (tracker.insight !== null) out.push(tracker.insight);
    return out;
  }

  /** Works the advice out again now (the timer does it every `analysis.advice_every`). */
  refreshAdvice(): void {
    if (this.workspaceConfig !== null && this.advice.refresh(this.workspaceConfig, this.deps.clock.now())) this.changed = true;
  }

  /** Hides one piece of advice for good. */
  dismissAdvice(id: string, by: string): boolean {
    if (this.advice.get(id) === undefined) return false;
    this.advice.dismiss(id, this.deps.clock.now(), by);
    this.changed = true;
    return true;
  }

  /**
   * The periodic save (the engine's maintenance calls it every minute): episodes that began or
   * ended are written at once with their detectors; every 10 minutes every series' learned state
   * is written too, in slices of a few ms, each its own transaction, `yieldBetweenSlices`
   * letting timers and I/O run between them. Series are read as each slice reaches them, so a
   * workspace edit or a stop during the round is taken as it comes.
   */
  async saveStates(now: number, yieldBetweenSlices: () => Promise<void> = nextTurn): Promise<void> {
    this.closeSilentEpisodes(now);
    this.write([], now);
    if (this.saving || now - this.lastSave < SAVE_EVERY_MS) return;
    this.lastSave = now;
    this.saving = true;
    try {
      const ids = [...this.tracked.keys()];
      const cursor = { next: 0 };
      while (cursor.next < ids.length) {
        this.write(this.sliceRows(ids, cursor, performance.now() + SAVE_SLICE_MS), this.deps.clock.now());
        if (cursor.next < ids.length) await yieldBetweenSlices();
        if (this.stopped) return;
      }
      // The episodes' last samples and peaks, as of the end of the round.
      this.write([], this.deps.clock.now(), true);
    } finally {
      this.saving = false;
    }
  }

  /** Every series' learned state and the episodes, in one transaction (at stop: the engine is going away). */
  saveAll(now: number): void {
    this.closeSilentEpisodes(now);
    this.write(this.sliceRows([...this.tracked.keys()], { next: 0 }, Number.POSITIVE_INFINITY), now, true);
  }

  /** The rows of `ids` from `cursor.next` on, until `deadline` (performance.now()) passes (one series at least). */
  private *sliceRows(ids: readonly number[], cursor: { next: number }, deadline: number): Generator<StateRow> {
    const first = cursor.next;
    while (cursor.next < ids.length && (cursor.next === first || performance.now() < deadline)) {
      const seriesId = ids[cursor.next++] as number;
      const tracked = this.tracked.get(seriesId);
      if (tracked !== undefined && tracked !== null) yield* this.rowsOf(seriesId, tracked);
    }
  }

  /** What a series has to save: its detector if it moved since last written, its trend. */
  private *rowsOf(seriesId: number, tracked: Tracked): Generator<StateRow> {
    const scored = tracked.scored;
    if (scored !== null && scored.dirtySince !== null) {
      scored.dirtySince = null;
      yield { seriesId, kind: 'anomaly', state: scored.scorer.serialize() };
    }
    const forecast = tracked.forecasts[0];
    if (forecast !== undefined) yield forecastRow(seriesId, forecast.tracker);
  }

  /**
   * One transaction: `rows`, and the ongoing episodes when one began or ended since they were
   * last written (or `withEpisodes`). So a saved detector is never in an episode the saved
   * episodes do not know; a detector saved before its episode began is restored with the episode
   * waiting for it (`EPISODE_WAITS_MS`).
   */
  private write(rows: Iterable<StateRow>, now: number, withEpisodes = false): void {
    const episodesDue = withEpisodes || this.episodesStale;
    this.episodesStale = false;
    try {
      const kept = episodesDue ? this.keptEpisodes() : undefined;
      this.states.save(rows, now, kept?.episodes, kept?.more);
    } catch (error) {
      this.deps.logger.error({ err: error }, 'saving analysis state failed');
    }
  }

  /** The rows of what `before` analysed that `after` no longer does (saved as it is dropped); its open episode ends. */
  private release(seriesId: number, before: Tracked, after: Tracked | null, now: number): StateRow[] {
    const rows: StateRow[] = [];
    const dropped = before.scored;
    if (dropped !== null && dropped !== after?.scored) {
      if (dropped.dirtySince !== null) rows.push({ seriesId, kind: 'anomaly', state: dropped.scorer.serialize() });
      if (dropped.episode !== null && dropped.episode.endedAt === null) {
        dropped.episode.endedAt = now;
        this.changed = true;
        this.episodesStale = true;
      }
    }
    const kept = new Set(after?.forecasts ?? []);
    const saved = before.forecasts[0];
    if (saved !== undefined && !kept.has(saved)) rows.push(forecastRow(seriesId, saved.tracker));
    return rows;
  }

  list(): InsightsView {
    const now = this.deps.clock.now();
    const forecasts = [];
    let forecastSeries = 0;
    for (const tracked of this.tracked.values()) {
      for (const { tracker } of tracked?.forecasts ?? []) {
        forecastSeries++;
        if (tracker.insight !== null) forecasts.push(tracker.insight);
      }
    }
    forecasts.sort((a, b) => a.secondsUntil - b.secondsUntil);
    const learning = learningNotice(this.learningSeries(), now);
    const anomalies = [...this.anomalies].sort((a, b) => Number(a.endedAt !== null) - Number(b.endedAt !== null) || b.startedAt - a.startedAt);
    return {
      at: now,
      anomalies,
      incidents: this.grouper.list(2),
      forecasts,
      notices: [...this.notices, ...(learning === null ? [] : [learning]), ...this.unscored.notices(now), ...this.analysers.notices()],
      advice: this.advice.list(),
      findings: this.analysers.list(),
      scoredSeries: this.scoredCount,
      forecastSeries,
    };
  }

  /** The anomaly episodes kept for the console (ongoing ones have no end), without building the whole view. */
  anomalyEpisodes(): readonly AnomalyInsight[] {
    return this.anomalies;
  }

  /** The forecast path ahead of now for one series, for charts (undefined: none). */
  forecastPath(
    seriesSelector: string,
    untilMs: number,
    points: number,
  ): { threshold: number; path: NonNullable<ReturnType<ForecastTracker['path']>> } | undefined {
    for (const tracked of this.tracked.values()) {
      for (const { tracker } of tracked?.forecasts ?? []) {
        if (tracker.series.selector !== seriesSelector) continue;
        const path = tracker.path(this.deps.clock.now(), untilMs, points);
        if (path !== undefined) return { threshold: tracker.question.threshold, path };
      }
    }
    return undefined;
  }

  /**
   * Every episode the console keeps (the latest MAX_ANOMALIES, and those the incidents kept hold:
   * what the list shows, bounded by MAX_INCIDENTS × MAX_HELD_EPISODES), with its incident and the series of each open one (as saved with the
   * detectors), and what the incidents count beyond the episodes they hold.
   */
  private keptEpisodes(): { episodes: EpisodeRow[]; more: IncidentMoreRow[] } {
    const seriesOf = new Map<AnomalyInsight, number>();
    for (const [seriesId, tracked] of this.tracked) if (tracked?.scored?.episode) seriesOf.set(tracked.scored.episode, seriesId);
    for (const [seriesId, episode] of this.carried) seriesOf.set(episode, seriesId);
    const rows = new Map<AnomalyInsight, EpisodeRow>();
    const add = (episode: AnomalyInsight, incidentId: string): void => {
      if (!rows.has(episode)) rows.set(episode, { incidentId, seriesId: episode.endedAt === null ? (seriesOf.get(episode) ?? null) : null, episode });
    };
    // Every incident listed, whole (an incident's episodes may be older than the latest anomalies).
    for (const incident of this.grouper.held()) for (const episode of incident.episodes) add(episode, incident.id);
    const incidents = this.grouper.keptIds();
    for (const episode of this.anomalies) {
      const incidentId = this.grouper.incidentOf(episode);
      add(episode, incidentId !== undefined && incidents.has(incidentId) ? incidentId : '');
    }
    const more = this.grouper.counted().map(({ id, series, peak }) => ({ incidentId: id, series, peak }));
    return { episodes: [...rows.values()], more };
  }

  /**
   * The episodes and incidents kept when the engine last saved, as they were (same ids, ended ones
   * still ended: they neither open nor raise an alert again). Each open episode waits for its
   * series' next sample like one carried over a workspace edit: the restored detector goes on with
   * it, and the first workspace applied ends it if it no longer scores the series.
   */
  private restoreEpisodes(): void {
    let saved: EpisodeRow[];
    let more: Map<string, IncidentMoreRow>;
    try {
      saved = this.states.loadEpisodes();
      more = this.states.loadMore();
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'analysis: the saved anomaly episodes could not be read; ongoing anomalies start again');
      return;
    }
    const byIncident = new Map<string, AnomalyInsight[]>();
    for (const { incidentId, seriesId, episode } of saved) {
      // An open episode whose series is not known cannot go on: it ended with its last sample.
      if (episode.endedAt === null && seriesId === null) {
        episode.endedAt = episode.lastAt;
        this.episodesStale = true;
      }
      if (episode.endedAt === null && seriesId !== null) this.carried.set(seriesId, episode);
      // '': its incident had been forgotten (beyond the incidents kept); the anomaly alone is listed.
      if (incidentId !== '') byIncident.set(incidentId, [...(byIncident.get(incidentId) ?? []), episode]);
      this.anomalies.unshift(episode);
    }
    if (this.anomalies.length > MAX_ANOMALIES) this.anomalies.length = MAX_ANOMALIES;
    for (const [incidentId, episodes] of byIncident) this.grouper.restore(incidentId, episodes, more.get(incidentId));
    if (saved.length > 0) this.changed = true;
    this.restoredAt = this.deps.clock.now();
  }

  /**
   * After a new configuration's series were decided again: the open episodes restored at start
   * (not yet claimed by a sample) of series it still scores wait for their series' next sample;
   * every open episode neither so carried nor on a scorer that goes on ends now.
   */
  private endEpisodesNoLongerScored(scoring: boolean, now: number): void {
    for (const [seriesId, episode] of this.carried) {
      if (scoring && this.selected(episode.series.metric, episode.series.labels)) continue;
      episode.endedAt = now;
      this.carried.delete(seriesId);
      this.changed = true;
      this.episodesStale = true;
    }
    const goingOn = new Set(this.carried.values());
    for (const tracked of this.tracked.values()) if (tracked?.scored?.episode) goingOn.add(tracked.scored.episode);
    for (const episode of this.anomalies) {
      if (episode.endedAt === null && !goingOn.has(episode)) {
        episode.endedAt = now;
        this.changed = true;
        this.episodesStale = true;
      }
    }
  }

  /** Whether insights changed since the last call (and forgets it). */
  takeChanged(): boolean {
    // Both are asked, so each forgets what it reported.
    const findings = this.analysers.takeChanged();
    const changed = this.changed || findings;
    this.changed = false;
    return changed;
  }

  stop(): void {
    this.stopped = true;
    this.stopObserving();
    this.stopObservingRefused();
    this.analysers.stop();
    this.forecastTimer?.cancel();
    this.adviceTimer?.cancel();
    this.saveAll(this.deps.clock.now());
  }

  private observe(seriesId: number, ts: number, value: number): void {
    let tracked = this.tracked.get(seriesId);
    if (tracked === undefined) {
      tracked = this.decide(seriesId);
      this.tracked.set(seriesId, tracked);
      // Selected, but not scored after all (beyond max_series): its carried episode ends here.
      const unclaimed = this.carried.get(seriesId);
      if (unclaimed !== undefined) {
        unclaimed.endedAt = ts;
        this.carried.delete(seriesId);
        this.changed = true;
        this.episodesStale = true;
      }
    }
    if (tracked === null) return;
    if (tracked.scored !== null) this.score(tracked.scored, ts, value);
    for (const { tracker } of tracked.forecasts) tracker.update(ts, value);
  }

  private score(scored: Scored, ts: number, value: number): void {
    const result = scored.scorer.update(ts, value);
    scored.dirtySince ??= ts;
    const learning = result.score === null && isLearning(result.reason) ? (result.reason as string) : null;
    // Starting or ending to learn changes the notice; its count of samples going up does not.
    if ((learning === null) !== (scored.learning === null)) this.changed = true;
    scored.learning = learning;
    if (result.score === null) {
      if (scored.learning === null)
        this.noteUnscored(unscoredReason(result.reason ?? 'not scored'), scored.scoreId, { service: scored.service, selector: scored.series.selector });
      return;
    }
    this.deps.series.writer.append(scored.scoreId, ts, result.score);
    const episode = scored.episode;
    const waiting = scored.episodeWaitsUntil !== null && episode !== null && episode.endedAt === null;
    if (result.started !== undefined && waiting) {
      // The restored episode's departure, found again: the same anomaly goes on.
      scored.episodeWaitsUntil = null;
      episode.peakScore = Math.max(episode.peakScore, result.score);
      episode.lastAt = ts;
    } else if (result.started !== undefined) {
      if (episode !== null && episode.endedAt === null) episode.endedAt = ts;
      this.beginEpisode(scored, ts, result.score, result.started);
    } else if (episode !== null && episode.endedAt === null) {
      if (scored.scorer.inEpisode) {
        episode.peakScore = Math.max(episode.peakScore, result.score);
        episode.lastAt = ts;
      } else if (waiting && ts < (scored.episodeWaitsUntil as number)) {
        // Not found again yet: the episode is kept open while its detector looks.
      } else {
        episode.endedAt = ts;
        this.changed = true;
        this.episodesStale = true;
      }
    } else if (result.score >= ANOMALY_ALARM_SCORE) {
      // A score that alarms is an anomaly the list shows as going on, or the chart shades it and an
      // anomaly_score rule fires on what the Insights page calls over: the detector can still be in
      // an episode the list ended (its series fell silent for over 5 minutes, then came back still departed).
      this.beginEpisode(scored, ts, result.score, { at: ts, value: result.value, typical: episode?.typical ?? scored.scorer.typical() });
    }
  }

  /** `ts`: the sample that started it; `started.at`: when its departure began (earlier for a held alarm's, anomaly-episode.ts). */
  private beginEpisode(scored: Scored, ts: number, score: number, { at, value, typical }: EpisodeStart): void {
    const episode: AnomalyInsight = {
      kind: 'anomaly',
      id: `anomaly-${ts}-${scored.scoreId}`,
      series: scored.series,
      service: scored.service,
      startedAt: at,
      endedAt: null,
      lastAt: ts,
      peakScore: score,
      value,
      typical,
      summary: `${scored.series.selector} is ${describeValue(value)}, typically ${describeValue(typical)}`,
    };
    scored.episode = episode;
    this.anomalies.unshift(episode);
    if (this.anomalies.length > MAX_ANOMALIES) this.anomalies.length = MAX_ANOMALIES;
    this.grouper.add(episode);
    this.changed = true;
    this.episodesStale = true;
  }

  /** What analysis does with a series under the running configuration; `before`: what it did until now, kept where it still applies. */
  private decide(seriesId: number, before?: Tracked): Tracked | null {
    const info = this.deps.series.index.get(seriesId);
    if (info === undefined || info.name === ANOMALY_SCORE || info.name === FORECAST_SECONDS_UNTIL) return null;
    const series: InsightSeries = { metric: info.name, labels: { ...info.labels }, selector: selectorOf(info.name, info.labels) };
    const service = info.labels.service ?? null;
    let scored: Scored | null = null;
    if (this.selected(info.name, info.labels)) scored = this.startScoring(seriesId, info.name, info.labels, series, service, before?.scored ?? null);
    const forecasts = this.forecastTests
      .filter((target) => target.test(info.name, info.labels))
      .map((target) => {
        const same = before?.forecasts.find(
          ({ tracker }) => tracker.question.threshold === target.threshold && tracker.question.direction === target.direction,
        );
        if (same !== undefined) return same;
        const question = target.direction === undefined ? { threshold: target.threshold } : { threshold: target.threshold, direction: target.direction };
        const saved = this.states.load(seriesId, 'forecast');
        const tracker = ForecastTracker.restore(series, service, question, saved === undefined ? undefined : Buffer.from(saved).toString('utf8'));
        const outputId = this.deps.series.index.idOf(FORECAST_SECONDS_UNTIL, { ...info.labels, metric: info.name, threshold: String(target.threshold) });
        return { tracker, outputId };
      });
    return scored === null && forecasts.length === 0 ? null : { scored, forecasts };
  }

  /** `kept`: the series' scorer until now, which goes on (rebuilt in memory if the sensitivity changed). */
  private startScoring(seriesId: number, name: string, labels: Labels, series: InsightSeries, service: string | null, kept: Scored | null): Scored | null {
    const config = this.config?.anomalies;
    if (config === undefined || !config.enabled) return null;
    if (this.scoredCount >= config.max_series) {
      this.refused++;
      const summary = `${(this.scoredCount + this.refused).toLocaleString('en-US')} series match analysis.anomalies.select; the first ${config.max_series.toLocaleString('en-US')} are scored, the others are not (narrow select or raise max_series)`;
      if (this.refused === 1) this.deps.logger.warn({ limit: config.max_series }, 'analysis: more series selected than max_series; the rest are not scored');
      // About the selection as a whole: every service's operator reads it.
      this.notices = [{ kind: 'notice', id: 'notice-max-series', at: this.deps.clock.now(), summary, services: null }];
      return null;
    }
    this.scoredCount++;
    const alarmSurprisal = this.parameters.alarmSurprisal;
    if (kept !== null) {
      if (kept.alarmSurprisal !== alarmSurprisal) {
        kept.scorer = SeriesScorer.restore(kept.scorer.serialize(), name, this.parameters);
        kept.alarmSurprisal = alarmSurprisal;
      }
      return kept;
    }
    const saved = this.states.load(seriesId, 'anomaly');
    let scorer: SeriesScorer | undefined;
    if (saved !== undefined) {
      try {
        scorer = SeriesScorer.restore(saved, name, this.parameters);
        scorer.resume();
      } catch (error) {
        this.deps.logger.warn({ err: error, series: series.selector }, 'analysis: the saved detector state could not be read; learning this series again');
      }
    }
    scorer ??= SeriesScorer.create(name, this.parameters);
    const scoreId = this.deps.series.index.idOf(ANOMALY_SCORE, { ...labels, metric: name });
    // An episode open before the workspace was applied again goes on while the detector is still in it.
    const episode = this.carried.get(seriesId) ?? null;
    this.carried.delete(seriesId);
    const episodeWaitsUntil = episode !== null && !scorer.inEpisode ? this.deps.clock.now() + EPISODE_WAITS_MS : null;
    return { kind: 'scored', scorer, alarmSurprisal, scoreId, series, service, episode, episodeWaitsUntil, dirtySince: null, learning: null };
  }

  private *learningSeries(): Generator<LearningSeries> {
    for (const tracked of this.tracked.values()) {
      const scored = tracked?.scored;
      if (scored?.learning) yield { selector: scored.series.selector, service: scored.service, reason: scored.learning };
    }
  }

  /** `known`: the series' service and selector when at hand (a scored series'), else looked up for `seriesId`. */
  private noteUnscored(reason: UnscoredReason, seriesId: number, known?: { service: string | null; selector: string }): void {
    const info = known === undefined ? this.deps.series.index.get(seriesId) : undefined;
    const service = known?.service ?? info?.labels.service ?? null;
    const named = (): string => known?.selector ?? (info === undefined ? `series #${seriesId}` : selectorOf(info.name, info.labels));
    if (this.unscored.note(reason, seriesId, service, named, this.deps.clock.now())) this.changed = true;
  }

  private forecastAll(): void {
    const now = this.deps.clock.now();
    this.forecastsKnown = true;
    const before = forecastSignature(this.forecastInsights());
    for (const tracked of this.tracked.values()) {
      for (const { tracker, outputId } of tracked?.forecasts ?? []) {
        try {
          const seconds = tracker.evaluate(now);
          if (seconds !== null) this.deps.series.writer.append(outputId, now, seconds);
        } catch (error) {
          this.deps.logger.error({ err: error, series: tracker.series.selector }, 'analysis: a forecast failed');
        }
      }
    }
    // A forecast that starts, ends or crosses is news for the console (the charts draw its band); its countdown is not.
    if (forecastSignature(this.forecastInsights()) !== before) this.changed = true;
  }

  private closeSilentEpisodes(now: number): void {
    for (const episode of this.anomalies) {
      // Silence is counted from the last sample, or from the start for an episode restored then.
      if (episode.endedAt === null && now - Math.max(episode.lastAt, this.restoredAt) > SILENT_EPISODE_MS) {
        episode.endedAt = episode.lastAt;
        this.changed = true;
        this.episodesStale = true;
      }
    }
  }
}

const NON_FINITE: UnscoredReason = { key: 'non-finite', who: 'series', did: 'sent NaN or infinite values', outcome: ', not stored and not scored' };

/** The detector has not seen enough of the series yet: a state that lasts (learning-notice.ts), not an event. */
function isLearning(reason: string | undefined): boolean {
  return reason !== undefined && (reason.startsWith('learning') || reason.startsWith('a counter needs two samples'));
}

/** A selected series' sample the scorer turned away for a reason of the moment (a reset, the clock going back): one notice per reason. */
function unscoredReason(reason: string): UnscoredReason {
  return { key: reason, who: 'selected series', did: 'got no anomaly score', outcome: `: ${reason}` };
}

/** A turn of the event loop: timers and I/O run before the next slice. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function forecastRow(seriesId: number, tracker: ForecastTracker): StateRow {
  return { seriesId, kind: 'forecast', state: Buffer.from(tracker.serialize()) };
}

function forecastSignature(forecasts: readonly ForecastInsight[]): string {
  return forecasts
    .map((forecast) => `${forecast.id}:${forecast.status}`)
    .sort()
    .join('\n');
}

function describeValue(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e6 || abs < 1e-3) return value.toExponential(2);
  return String(Math.round(value * 1000) / 1000);
}
