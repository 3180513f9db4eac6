/**
 * Runs at most `perTurn` callbacks in one turn of the event loop and the rest, in order, in later
 * turns (setImmediate), so timers due meanwhile run between them. A plugin host uses it for its
 * bursts — every call pending when its process dies fails at once, every check that waited for a
 * restart is released at once — where each settled call goes on to record a check (a status
 * change, SQLite, events) and, all in one turn, held the engine's other probes back.
 */
export class TurnBudget {
  private usedThisTurn = 0;
  private turnEndScheduled = false;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly perTurn: number) {}

  run(callback: () => void): void {
    if (this.waiting.length > 0 || this.usedThisTurn >= this.perTurn) {
      this.waiting.push(callback);
    } else {
      this.usedThisTurn++;
      callback();
    }
    this.scheduleTurnEnd();
  }

  /** Callbacks still waiting for a later turn. */
  get backlog(): number {
    return this.waiting.length;
  }

  private scheduleTurnEnd(): void {
    if (this.turnEndScheduled) return;
    this.turnEndScheduled = true;
    setImmediate(() => this.nextTurn());
  }

  private nextTurn(): void {
    this.turnEndScheduled = false;
    this.usedThisTurn = 0;
    for (const callback of this.waiting.splice(0, this.perTurn)) {
      this.usedThisTurn++;
      callback();
    }
    if (this.waiting.length > 0 || this.usedThisTurn > 0) this.scheduleTurnEnd();
  }
}
