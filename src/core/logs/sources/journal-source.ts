import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { LogSourceView } from '../../../shared/types/logs';
import type { LogPipeline, SourceHandle, StructuredEntry } from '../log-pipeline';
import { levelFromSyslogSeverity, LEVEL } from '../parse/level';
import { LineSplitter } from '../parse/line-splitter';
import { SourceStatus, type LogSource } from './log-source';
import { signalChild } from '../../process/signal-child';

export interface JournalSpec {
  units: string[];
  /** The service name lines are filed under; by default each line's unit or program name. */
  service: string | null;
  maxLineBytes: number;
}

/** One record of `journalctl -o json`: MESSAGE may be text or an array of bytes. */
export interface JournalRecord {
  message: string;
  ts: number;
  level: number;
  unit: string;
  cursor: string | null;
}

const JOURNAL_DIRS = ['/run/log/journal', '/var/log/journal'];

export function parseJournalLine(line: string): JournalRecord | null {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const raw = value.MESSAGE;
  const message =
    typeof raw === 'string'
      ? raw
      : Array.isArray(raw)
        ? Buffer.from(raw.filter((byte): byte is number => typeof byte === 'number')).toString('utf8')
        : raw === undefined || raw === null
          ? ''
          : JSON.stringify(raw);
  const micros = Number(value.__REALTIME_TIMESTAMP);
  const priority = Number(value.PRIORITY);
  const unit =
    [value._SYSTEMD_UNIT, value.SYSLOG_IDENTIFIER, value._COMM].find((candidate): candidate is string => typeof candidate === 'string' && candidate !== '') ??
    'journal';
  return {
    message,
    ts: Number.isFinite(micros) && micros > 0 ? Math.floor(micros / 1000) : Date.now(),
    level: Number.isInteger(priority) ? levelFromSyslogSeverity(priority) : LEVEL.unknown,
    unit: unit.replace(/\.service$/, ''),
    cursor: typeof value.__CURSOR === 'string' ? value.__CURSOR : null,
  };
}

/**
 * The systemd journal through `journalctl -f -o json` (from where the last run stopped, by its
 * cursor). Where journalctl or a journal is missing, the source says so and does nothing.
 */
export class JournalSource implements LogSource {
  readonly key = 'journal';
  private child: ChildProcess | null = null;
  private readonly handles = new Map<string, SourceHandle>();
  private readonly status: SourceStatus;
  private cursor: string | null;
  private stopped = false;
  private readonly anchor: SourceHandle;
  private stopDrain: () => void = () => {};

  constructor(
    private readonly spec: JournalSpec,
    private readonly pipeline: LogPipeline,
    onChange: () => void,
    journalctl = 'journalctl',
  ) {
    this.status = new SourceStatus(onChange);
    this.anchor = this.handleFor(spec.service ?? 'journal');
    this.cursor = this.anchor.record.position;
    if (!JOURNAL_DIRS.some((dir) => fs.existsSync(dir)) && journalctl === 'journalctl') {
      this.status.set('unavailable', 'no systemd journal on this machine (neither /run/log/journal nor /var/log/journal exists)');
      return;
    }
    this.start(journalctl);
  }

  /** For recorded lines and tests: one journalctl JSON line. */
  ingest(line: string): void {
    const record = parseJournalLine(line);
    if (record === null) return;
    const entry: StructuredEntry = { ts: record.ts, level: record.level, text: record.message, message: record.message.split('\n')[0] ?? '' };
    this.handleFor(this.spec.service ?? record.unit).entry(entry);
    if (record.cursor !== null) this.cursor = record.cursor;
  }

  positions(): Map<number, string> {
    return new Map<number, string>(this.cursor === null ? [] : [[this.anchor.record.id, this.cursor]]);
  }

  views(): LogSourceView[] {
    return [this.status.view(this.anchor)];
  }

  stop(): void {
    this.stopped = true;
    this.stopDrain();
    if (this.child !== null) signalChild(this.child);
    this.child = null;
    for (const handle of this.handles.values()) this.pipeline.close(handle);
  }

  private handleFor(service: string): SourceHandle {
    let handle = this.handles.get(service);
    if (handle === undefined) {
      const key = service === (this.spec.service ?? 'journal') ? 'journal' : `journal:${service}`;
      handle = this.pipeline.open({ key, kind: 'journal', name: 'journal', service, format: 'plain', multiline: { kind: 'none' }, origin: 'other' });
      this.handles.set(service, handle);
    }
    return handle;
  }

  private start(journalctl: string): void {
    const args = [
      '-f',
      '-o',
      'json',
      ...(this.cursor === null ? ['-n', '0'] : ['--after-cursor', this.cursor]),
      ...this.spec.units.flatMap((unit) => ['-u', unit]),
    ];
    const child = spawn(journalctl, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const splitter = new LineSplitter(this.spec.maxLineBytes, (line) => this.ingest(line.text));
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      splitter.push(chunk);
      if (this.pipeline.busy) child.stdout?.pause();
    });
    this.stopDrain = this.pipeline.onDrain(() => {
      if (child.stdout?.isPaused() === true) child.stdout.resume();
    });
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-500)));
    child.on('spawn', () => this.status.set('following', null));
    child.on('error', (error) => {
      const code = (error as NodeJS.ErrnoException).code;
      this.status.set('unavailable', code === 'ENOENT' ? 'journalctl is not installed: no systemd journal here' : `journalctl failed: ${error.message}`);
    });
    child.on('exit', (code) => {
      if (this.stopped) return;
      this.status.set('error', `journalctl exited with ${code}${stderr.trim() === '' ? '' : `: ${stderr.trim()}`}`);
    });
  }
}
