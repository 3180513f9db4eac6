import { ZervigoError } from '../../shared/errors';
import type { OnCallNowView, OnCallScheduleView } from '../../shared/types/oncall';
import type { Clock } from '../clock';
import type { OnCallConfig, ScheduleConfig } from '../config/schema';
import { didYouMean } from '../config/did-you-mean';
import { Escalator, type EscalatorDeps } from './escalator';
import { shiftsBetween, type Shift } from './schedule-shifts';

const DAY_MS = 86_400_000;
/** How far ahead "until" and "next" are looked for. */
const LOOKAHEAD_MS = 62 * DAY_MS;
const pad = (n: number): string => String(n).padStart(2, '0');

/** On-call, wired: schedules read from the workspace, escalations kept in the store (its commands: oncall-commands.ts). */
export class OnCallModule {
  readonly escalator: Escalator;

  constructor(private readonly deps: EscalatorDeps & { clock: Clock }) {
    this.escalator = new Escalator(deps);
  }

  /** The injected clock's time: a range of shifts starts here by default. */
  nowMs(): number {
    return this.deps.clock.now();
  }

  private config(): OnCallConfig {
    return this.deps.config();
  }

  now(): OnCallNowView[] {
    const at = this.deps.clock.now();
    return Object.entries(this.config().schedules).map(([name, schedule]) => {
      const shifts = shiftsBetween(schedule, at, at + LOOKAHEAD_MS);
      const current = shifts[0]?.start === at ? shifts[0] : undefined;
      const next = shifts.find((shift) => shift.start > at && shift.person !== current?.person);
      return {
        schedule: name,
        timeZone: schedule.time_zone,
        person: current?.person ?? null,
        source: current?.source ?? null,
        // When it began: the shift as the schedule has it (an override's own start, the layer's hand-off).
        since: current === undefined ? null : (sinceOf(schedule, at, current) ?? null),
        until: current === undefined ? null : current.end === at + LOOKAHEAD_MS ? null : current.end,
        next: next === undefined ? null : { person: next.person, start: next.start },
      };
    });
  }

  schedule(name: string, from: number, to: number): OnCallScheduleView {
    const schedule = this.config().schedules[name];
    if (schedule === undefined) {
      const known = Object.keys(this.config().schedules);
      const hint = didYouMean(name, known);
      throw new ZervigoError(
        'not_found',
        `no schedule "${name}"${hint !== null ? `; did you mean "${hint}"?` : known.length > 0 ? ` (schedules: ${known.join(', ')})` : ': add one under on_call.schedules'}`,
      );
    }
    return {
      name,
      timeZone: schedule.time_zone,
      layers: schedule.layers.map((layer) => ({
        people: layer.people,
        lengthDays: layer.length,
        handOff: `${pad(layer.hand_off.hour)}:${pad(layer.hand_off.minute)}`,
        start: `${layer.start.year}-${pad(layer.start.month)}-${pad(layer.start.day)}`,
        end: layer.end === undefined ? null : `${layer.end.year}-${pad(layer.end.month)}-${pad(layer.end.day)}`,
        restrictions: layer.restrictions?.map((restriction) => restriction.text) ?? [],
      })),
      overrides: schedule.overrides.map((override) => ({ person: override.person, from: override.from, to: override.to })),
      from,
      to,
      shifts: shiftsBetween(schedule, from, to).map((shift) => ({ ...shift, layer: shift.layer === null ? null : shift.layer + 1 })),
    };
  }
}

/** The start of the shift holding `at`, looking back as far as the shift itself says. */
function sinceOf(schedule: ScheduleConfig, at: number, current: Shift): number | undefined {
  const back = shiftsBetween(schedule, at - LOOKAHEAD_MS, at + 1).at(-1);
  return back !== undefined && back.person === current.person && back.source === current.source ? back.start : undefined;
}
