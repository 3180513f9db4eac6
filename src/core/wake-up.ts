import type { Clock, TimerHandle } from './clock';

/**
 * One timer that runs a task at the earliest time asked for. Asking for a later time while an
 * earlier one is set changes nothing: the task runs then, and asks again for what comes next.
 */
export class WakeUp {
  private timer: TimerHandle | null = null;
  private due: number | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly task: () => void,
  ) {}

  at(time: number): void {
    if (this.timer !== null && this.due !== null && this.due <= time) return;
    this.cancel();
    this.due = time;
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = null;
        this.due = null;
        this.task();
      },
      Math.max(0, time - this.clock.now()),
    );
  }

  cancel(): void {
    this.timer?.cancel();
    this.timer = null;
    this.due = null;
  }
}
