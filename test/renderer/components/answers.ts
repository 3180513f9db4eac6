import type { CommandName } from '../../../src/shared/contract';

/**
 * What an engine with nothing stored yet answers to the commands the service pages read, so a
 * page renders as it does on a fresh start; `overrides` answer what a test is about.
 */
export function emptyEngineAnswers(overrides: Partial<Record<CommandName, (input: unknown) => unknown>> = {}) {
  const answers: Partial<Record<CommandName, (input: unknown) => unknown>> = {
    'metrics.chart': () => ({ start: 0, end: 0, stepMs: 1_000, tier: 'raw', series: [] }),
    'probes.history': () => [],
    'audit.list': () => [],
    'workspace.history': () => [],
    'monitoring.heartbeats': () => [],
    'monitoring.services': () => [],
    'machine.latest': () => null,
    'sessions.list': () => ({
      socket: 'shop',
      available: true,
      running: true,
      message: null,
      sessions: [],
      layouts: [],
      attachHint: 'tmux -L shop attach -t shop',
    }),
    'services.env': () => ({ service: 'api', variables: [{ name: 'API_TOKEN', value: '•••', masked: true }], inherits: "Zervigo's own environment" }),
    'services.output': () => ({ file: null, lines: [] }),
    'channels.list': () => [],
    'channels.kinds': () => [],
    'plugins.list': () => [],
    // A server hosting one workspace: the header shows no switcher.
    'workspaces.list': () => [{ name: 'default', role: 'admin', current: true, quotas: null }],
    'notifications.list': () => [],
    'logs.status': () => ({
      sources: [],
      store: { lines: 0, bytes: 0, maxBytes: 1024 ** 3, maxAgeMs: 14 * 86_400_000, oldestAt: null, newestAt: null, partitions: 0, lastDrop: null },
    }),
    'logs.search': () => ({ lines: [], nextCursor: null, complete: true, terms: [], tookMs: 0 }),
    'logs.tail': () => ({ tailId: 't1', terms: [] }),
    'logs.tailAck': () => ({ active: true }),
    'logs.untail': () => ({ active: false }),
    'logs.patterns': () => [],
    'terminal.list': () => [],
    'statusPage.get': () => null,
    'statusPage.notes': () => [],
    'automation.get': () => ({ paused: false, by: null, reason: null, since: null, covers: 'jobs, rule actions, deploys' }),
    'oncall.now': () => [],
    'oncall.escalations': () => [],
    ...overrides,
  };
  return (name: CommandName, input: unknown): unknown => answers[name]?.(input);
}
