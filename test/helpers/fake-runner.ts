import type { ExitInfo, ProcessHandle, ServiceRunner, ServiceSpec } from '../../src/core/process/runner';
import { StartError } from '../../src/core/process/runner';

/** A process that exists only in the test: it ends when the test says so. */
export class FakeHandle implements ProcessHandle {
  readonly exited: Promise<ExitInfo>;
  readonly adopted = false;
  readonly tmuxTarget = null;
  readonly logFile = null;
  stopped = false;
  private resolve!: (info: ExitInfo) => void;
  private done = false;

  constructor(
    readonly pid: number,
    readonly startedAt: number,
    readonly service: string,
  ) {
    this.exited = new Promise((resolve) => (this.resolve = resolve));
  }

  get running(): boolean {
    return !this.done;
  }

  exit(code: number | null, signal: string | null = null): void {
    if (this.done) return;
    this.done = true;
    this.resolve({ code, signal });
  }

  async stop(): Promise<ExitInfo> {
    this.stopped = true;
    this.exit(null, 'SIGTERM');
    return this.exited;
  }
}

/**
 * Runs services as FakeHandles, recording each start (for order and timing) on the given clock.
 * `failWith` makes the next starts of a service fail as a missing command would.
 */
export class FakeRunner implements ServiceRunner {
  readonly starts: { service: string; at: number }[] = [];
  readonly handles: FakeHandle[] = [];
  readonly failWith = new Map<string, string>();
  private nextPid = 1000;

  constructor(private readonly now: () => number) {}

  async find(): Promise<ProcessHandle | null> {
    return null;
  }

  async start(spec: ServiceSpec): Promise<ProcessHandle> {
    const failure = this.failWith.get(spec.name);
    if (failure !== undefined) throw new StartError(failure);
    this.starts.push({ service: spec.name, at: this.now() });
    const handle = new FakeHandle(this.nextPid++, this.now(), spec.name);
    this.handles.push(handle);
    return handle;
  }

  /** The newest process of a service. */
  current(service: string): FakeHandle | undefined {
    return this.handles.filter((handle) => handle.service === service).at(-1);
  }

  startsOf(service: string): number {
    return this.starts.filter((start) => start.service === service).length;
  }
}
