import path from 'node:path';
import type { WorkspaceConfig } from '../../../config/schema';
import { defaultSession } from '../../../lifecycle/service-spec';
import { thresholdOf } from '../../../promql/threshold';

/** Where "open a terminal on X" goes: its tmux window, or a shell in its folder. */
export type TerminalPlace = { kind: 'tmux'; session: string; window: string } | { kind: 'shell'; cwd: string };

export interface ServiceEntity {
  name: string;
  terminal: TerminalPlace;
  /** It has a `deploy:` section: "deploy api" and "roll back api" reach it. */
  deployable: boolean;
}

export type JobWork = 'backup' | 'cleanup' | 'housekeeping';
const JOB_WORK: readonly JobWork[] = ['backup', 'cleanup', 'housekeeping'];

export interface JobEntity {
  name: string;
  /** Its name in words (db-backup → db, backup): "run the backup" finds it by a part. */
  words: string[];
  /** The maintenance it does, so "back up the db", "clean up the logs" and "备份数据库" find it. */
  does: JobWork[];
}

export interface RuleEntity {
  name: string;
  /** Its name in words: DiskAlmostFull → disk, almost, full. */
  words: string[];
  severity: string | null;
  /** What to chart for it: its expression without the threshold (`kafka_lag > 1000` → kafka_lag), as Explore graphs a rule. */
  graph: string;
}

export interface EnvironmentEntity {
  name: string;
  confirmDestructive: boolean;
}

/** An alert the console knows of now (acknowledging needs its fingerprint). */
export interface AlertInstance {
  fingerprint: string;
  alertname: string;
  labels: Record<string, string>;
  state: 'pending' | 'firing' | 'resolved';
  acknowledged: boolean;
}

/** A silence in force now (ending one needs its id). */
export interface SilenceInstance {
  id: string;
  matchers: { name: string; value: string; isRegex?: boolean; isEqual?: boolean }[];
}

/** Every name a sentence may use, from the workspace (and the live alerts, where known). */
export interface AssistantVocabulary {
  services: ServiceEntity[];
  rules: RuleEntity[];
  environments: EnvironmentEntity[];
  activeEnvironment: string | null;
  channels: string[];
  jobs: JobEntity[];
  alerts: AlertInstance[];
  /** Silences in force, where known (the running console); "unmute db" ends them. */
  silences: SilenceInstance[];
}

/** CamelCase, snake_case and kebab-case names as words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

export function vocabularyFromWorkspace(
  config: WorkspaceConfig,
  options: { environment: string | null; workspaceDir: string; alerts?: AlertInstance[]; silences?: SilenceInstance[] },
): AssistantVocabulary {
  const session = defaultSession(config);
  const services = Object.entries(config.services).map(([name, service]): ServiceEntity => {
    if (service.tmux !== false) {
      const place = service.tmux === true ? {} : service.tmux;
      return { name, terminal: { kind: 'tmux', session: place.session ?? session, window: place.window ?? name }, deployable: service.deploy !== undefined };
    }
    return { name, terminal: { kind: 'shell', cwd: path.resolve(options.workspaceDir, service.cwd ?? '.') }, deployable: service.deploy !== undefined };
  });
  const rules = [...config.rules, ...config.rule_groups.flatMap((group) => group.rules)].map((rule): RuleEntity => ({
    name: rule.alert,
    words: nameWords(rule.alert),
    severity: rule.labels.severity ?? null,
    graph: thresholdOf(rule.expr)?.query ?? rule.expr,
  }));
  const unique = new Map(rules.map((rule) => [rule.name, rule]));
  return {
    services,
    rules: [...unique.values()],
    environments: Object.entries(config.environments).map(([name, environment]) => ({ name, confirmDestructive: environment.confirm_destructive })),
    activeEnvironment: options.environment,
    channels: Object.keys(config.channels),
    jobs: Object.entries(config.jobs).map(([name, job]) => ({
      name,
      words: nameWords(name),
      does: JOB_WORK.filter((work) => job[work] !== undefined || job.steps.some((step) => step[work] !== undefined)),
    })),
    alerts: options.alerts ?? [],
    silences: options.silences ?? [],
  };
}
