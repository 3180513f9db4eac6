const CSI = '\u001b[';
/** The terminal shows what comes between these at once (synchronized output; ignored where unknown). */
const BEGIN_SYNC = `${CSI}?2026h`;
const END_SYNC = `${CSI}?2026l`;
const SAVE_CURSOR = '\u001b7';
const RESTORE_CURSOR = '\u001b8';
/** A row never wraps onto the next: what does not fit is cut at the right edge. */
const NO_WRAP = `${CSI}?7l`;
const WRAP = `${CSI}?7h`;
const RESET_AND_CLEAR_TO_END = `${CSI}0m${CSI}K`;

/** Where the table goes (0-based screen row of its first line) and how its rows are made. */
export interface TableArea {
  top: number;
  height: number;
  columns: number;
  rows: () => string[];
}

/**
 * Draws the service table straight onto the terminal, beside ink: ink composes the rest of the
 * screen with the table's lines left blank, and this writes only the rows whose text changed
 * since it last wrote them. A second of new latencies then costs a few strings and writes, not
 * a React render, a layout and the composition of a whole 160×50 frame (87 ms a second before).
 * ink redraws the whole screen on each of its frames: `screenWritten` forgets what was shown,
 * and the rows are written again after that frame.
 */
export class TablePainter {
  private area: TableArea | null = null;
  /** The text on screen, per row of the area, as this wrote it; missing when unknown. */
  private shown: string[] = [];
  private scheduled = false;
  private stopped = false;

  constructor(private readonly write: (text: string) => void) {}

  /** The table's place and rows, as the layout decided (null: the screen shows something else). */
  show(area: TableArea | null): void {
    const previous = this.area;
    if (area === null || previous === null || area.top !== previous.top || area.height !== previous.height || area.columns !== previous.columns)
      this.shown = [];
    this.area = area;
    this.schedule();
  }

  /** ink wrote to the terminal: the table's rows may be gone. */
  screenWritten(): void {
    this.shown = [];
    this.schedule();
  }

  /** Draws the rows that changed since last drawn. */
  refresh(): void {
    if (this.stopped || this.area === null) return;
    const { top, height, rows } = this.area;
    const texts = rows();
    let changes = '';
    for (let index = 0; index < height; index++) {
      const text = texts[index] ?? '';
      if (this.shown[index] === text) continue;
      changes += `${CSI}${top + index + 1};1H${text}${RESET_AND_CLEAR_TO_END}`;
      this.shown[index] = text;
    }
    if (changes !== '') this.write(`${BEGIN_SYNC}${SAVE_CURSOR}${NO_WRAP}${changes}${WRAP}${RESTORE_CURSOR}${END_SYNC}`);
  }

  /** Never writes again (the terminal is being given back). */
  stop(): void {
    this.stopped = true;
    this.area = null;
  }

  /**
   * After the current task: ink writes its frame before React runs the layout effects that say
   * where the table now is, and both happen in one synchronous commit.
   */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.refresh();
    });
  }
}
