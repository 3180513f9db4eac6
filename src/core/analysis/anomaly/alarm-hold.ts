import { type StateReader, type StateWriter } from './state-codec';

/**
 * One alarm per incident. Once the surprisal reaches the alarm level, the next `holdSamples`
 * samples are held below it unless they are markedly stranger (`escalation` nats above the
 * alarm, e^5 ~ 150 times rarer by default), which raises a new alarm. Counted in samples, so
 * "the next 100 observations" means the same at any sampling rate and across gaps.
 */
/** Held samples may show as elevated on a chart (up to half the alarm surprisal), never as a new alarm. */
const HELD_CEILING = 0.5;

export class AlarmHold {
  private sinceAlarm = Number.POSITIVE_INFINITY;
  private alarmSurprisal = 0;

  constructor(
    private readonly alarmLevel: number,
    private readonly holdSamples: number,
    private readonly escalation: number,
  ) {}

  /** The surprisal to report: as given, or capped below the alarm level while held. */
  apply(surprisal: number): number {
    this.sinceAlarm++;
    if (this.sinceAlarm <= this.holdSamples && surprisal <= this.alarmSurprisal + this.escalation) {
      return Math.min(surprisal, HELD_CEILING * this.alarmLevel);
    }
    if (surprisal >= this.alarmLevel) {
      this.sinceAlarm = 0;
      this.alarmSurprisal = surprisal;
    }
    return surprisal;
  }

  /**
   * Starts the hold again from this sample, for an alarm its caller raised on a sample the hold
   * had kept down (a new departure after the last one ended: series-scorer.ts).
   */
  renew(surprisal: number): void {
    this.sinceAlarm = 0;
    this.alarmSurprisal = surprisal;
  }

  /** Forgets the last alarm (judged immaterial by its caller): the next samples are not held back by it. */
  release(): void {
    this.sinceAlarm = Number.POSITIVE_INFINITY;
    this.alarmSurprisal = 0;
  }

  /** Samples since the alarm (a whole number, or none: 0) as a varint; the surprisal 0 when none, in a byte. */
  write(out: StateWriter): void {
    out.varint(this.sinceAlarm === Number.POSITIVE_INFINITY ? 0 : this.sinceAlarm + 1);
    out.number(this.alarmSurprisal);
  }

  read(input: StateReader): void {
    const sinceAlarm = input.varint();
    this.sinceAlarm = sinceAlarm === 0 ? Number.POSITIVE_INFINITY : sinceAlarm - 1;
    this.alarmSurprisal = input.number();
  }

  /** As versions 1-5 of the detector's state wrote it. */
  readFixedWidth(input: StateReader): void {
    this.sinceAlarm = input.float64();
    this.alarmSurprisal = input.float64();
  }
}
