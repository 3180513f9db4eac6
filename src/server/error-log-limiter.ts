/**
 * At most `perWindow` error lines per window for failures a request can cause: whoever can
 * reach the port must not be able to fill the log (or the disk under it) by repeating one bad
 * request. What is held back is counted and reported once the next window opens.
 */
export class ErrorLogLimiter {
  private windowStart = Number.NEGATIVE_INFINITY;
  private logged = 0;
  private suppressed = 0;

  constructor(
    private readonly now: () => number,
    private readonly perWindow = 10,
    private readonly windowMs = 60_000,
  ) {}

  /** Whether to log this error, and how many were held back in the window that just ended. */
  admit(): { log: boolean; heldBack: number } {
    const now = this.now();
    let heldBack = 0;
    if (now - this.windowStart >= this.windowMs) {
      heldBack = this.suppressed;
      this.windowStart = now;
      this.logged = 0;
      this.suppressed = 0;
    }
    if (this.logged < this.perWindow) {
      this.logged += 1;
      return { log: true, heldBack };
    }
    this.suppressed += 1;
    return { log: false, heldBack };
  }
}
