import type { Clock, TimerHandle } from '../clock';
import { every } from '../clock';
import type { ScaleConfig } from '../config/schema/scale';
import type { Logger } from '../logger';

export interface AutoscalerDeps {
  clock: Clock;
  logger: Logger;
  /** Whether a PromQL expression returns any sample now (as an alert's expr fires); throws on an evaluation error. */
  fires(expr: string): boolean;
  /** The replicas a service runs now. */
  replicaCount(service: string): number;
  /** Scales it (the manager audits the change with its reason); resolves when the new replicas are ready or the old ones stopped. */
  scale(service: string, count: number, actor: string, reason: string): Promise<{ ok: boolean; summary: string }>;
  /** When the service was last scaled by anyone (a person's scale starts the cooldown too, so a rule does not undo it at once). */
  lastScaledAt?(service: string): number | undefined;
  /** Who paused automation, while it is paused: scaling holds then. */
  pausedBy(): { by: string | null } | undefined;
}

/** What one evaluation decided, for tests and the log. */
export type ScaleDecision = { action: 'up' | 'down'; from: number; to: number; reason: string } | { action: 'hold'; reason: string } | { action: 'none' };

/**
 * scale: on replicated services: every `every`, `up` is evaluated (one more replica while it
 * returns a sample, up to max), else `down` (one fewer, down to min). After a change nothing
 * moves for `cooldown` — a rule that flaps adds and removes at most one replica per cooldown.
 * One step at a time, as the Kubernetes HPA's default policies do; paused automation holds it.
 */
export class Autoscaler {
  private readonly timers = new Map<string, { key: string; timer: TimerHandle }>();
  private readonly lastChange = new Map<string, number>();
  private readonly busy = new Set<string>();
  private configs = new Map<string, ScaleConfig>();

  constructor(private readonly deps: AutoscalerDeps) {}

  apply(services: Record<string, { scale?: ScaleConfig | undefined }>): void {
    this.configs = new Map(Object.entries(services).flatMap(([name, service]) => (service.scale === undefined ? [] : [[name, service.scale] as const])));
    for (const [name, entry] of this.timers) {
      const config = this.configs.get(name);
      if (config !== undefined && JSON.stringify(config) === entry.key) continue;
      entry.timer.cancel();
      this.timers.delete(name);
    }
    for (const [name, config] of this.configs) {
      if (this.timers.has(name)) continue;
      const timer = every(this.deps.clock, config.every, () => void this.evaluate(name));
      this.timers.set(name, { key: JSON.stringify(config), timer });
    }
  }

  /** One evaluation of a service's rules, and the step it leads to. */
  async evaluate(name: string): Promise<ScaleDecision> {
    const config = this.configs.get(name);
    if (config === undefined || this.busy.has(name)) return { action: 'none' };
    const count = this.deps.replicaCount(name);
    let direction: 'up' | 'down' | null = null;
    try {
      if (count < config.max && this.deps.fires(config.up)) direction = 'up';
      else if (config.down !== undefined && count > config.min && !this.deps.fires(config.up) && this.deps.fires(config.down)) direction = 'down';
    } catch (error) {
      this.deps.logger.warn({ err: error, service: name }, 'scale rule could not be evaluated');
      return { action: 'none' };
    }
    if (direction === null) return { action: 'none' };
    const rule = direction === 'up' ? config.up : (config.down as string);
    const changes = [this.lastChange.get(name), this.deps.lastScaledAt?.(name)].filter((at): at is number => at !== undefined);
    const since = changes.length === 0 ? undefined : Math.max(...changes);
    const now = this.deps.clock.now();
    if (since !== undefined && now - since < config.cooldown)
      return { action: 'hold', reason: `${direction} rule fires, held by the cooldown until ${new Date(since + config.cooldown).toISOString()}` };
    const paused = this.deps.pausedBy();
    if (paused !== undefined) return { action: 'hold', reason: `automation is paused${paused.by === null ? '' : ` by ${paused.by}`}` };
    const to = direction === 'up' ? count + 1 : count - 1;
    const reason = `scale ${direction}: ${rule} returned a sample`;
    this.lastChange.set(name, now);
    this.busy.add(name);
    try {
      const result = await this.deps.scale(name, to, `scale:${name}`, reason);
      if (!result.ok) this.deps.logger.warn({ service: name, summary: result.summary }, 'scaling failed');
    } finally {
      this.busy.delete(name);
    }
    return { action: direction, from: count, to, reason };
  }

  stop(): void {
    for (const entry of this.timers.values()) entry.timer.cancel();
    this.timers.clear();
  }
}
