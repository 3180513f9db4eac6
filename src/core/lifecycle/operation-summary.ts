import type { OperationAction, ServiceStepResult } from '../../shared/types/operate';

const done: Record<OperationAction, string> = { start: 'started', stop: 'stopped', restart: 'restarted' };
const unchangedWords: Record<OperationAction, string> = { start: 'already running', stop: 'already stopped', restart: 'already running' };

/** "api", "api and db", "api, db and web", or "4 services". */
export function listNames(names: readonly string[]): string {
  if (names.length > 3) return `${names.length} services`;
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1) as string}`;
}

const wasWere = (names: readonly string[]): string => (names.length === 1 ? 'was' : 'were');

/**
 * One sentence for an operation that claims only what happened: a restart names what was
 * restarted, never the dependencies it only waited for; "Started 5 of 6" counts what is running
 * at the end, not what was ready for a moment; failures say why.
 */
export function summarizeOperation(action: OperationAction, asked: readonly string[], steps: readonly ServiceStepResult[]): string {
  // A restart reports a service twice (stopped, then ready): where it ended is its last step.
  const last = new Map<string, ServiceStepResult>();
  const problems = new Map<string, ServiceStepResult>();
  const stoppedHere = new Set<string>();
  for (const step of steps) {
    last.set(step.service, step);
    if (step.outcome === 'stopped') stoppedHere.add(step.service);
    if ((step.outcome === 'failed' || step.outcome === 'blocked') && !problems.has(step.service)) problems.set(step.service, step);
  }
  const wanted = new Set(asked);
  // Names in the order the operation handled them (dependents first when stopping).
  const targets = [...last.keys()].filter((name) => wanted.has(name)).concat(asked.filter((name) => !last.has(name)));
  const ended = (service: string, outcome: ServiceStepResult['outcome']): boolean => !problems.has(service) && last.get(service)?.outcome === outcome;
  const finalOk = action === 'stop' ? 'stopped' : 'ready';
  const finalSame = action === 'stop' ? 'already_stopped' : 'already_running';
  const acted = targets.filter((name) => ended(name, finalOk) && (action !== 'restart' || stoppedHere.has(name)));
  // A restart of something that was not running started it: say so rather than "restarted".
  const startedInstead = action === 'restart' ? targets.filter((name) => ended(name, 'ready') && !stoppedHere.has(name)) : [];
  const unchanged = targets.filter((name) => ended(name, finalSame));
  const dependencies = [...last.keys()].filter((name) => !wanted.has(name));
  const dependenciesStarted = dependencies.filter((name) => ended(name, 'ready'));
  const dependenciesWaited = dependencies.filter((name) => ended(name, 'already_running'));

  const clauses: string[] = [];
  if (acted.length > 0) {
    clauses.push(targets.length > 3 ? `${done[action]} ${acted.length} of ${targets.length} services` : `${done[action]} ${listNames(acted)}`);
  } else if (targets.length > 0 && unchanged.length < targets.length) {
    clauses.push(`nothing was ${done[action]}`);
  }
  if (startedInstead.length > 0) clauses.push(`started ${listNames(startedInstead)} (not running before)`);
  if (unchanged.length > 0) clauses.push(`${listNames(unchanged)} ${wasWere(unchanged)} ${unchangedWords[action]}`);
  if (dependenciesStarted.length > 0) clauses.push(`started ${listNames(dependenciesStarted)} first (needed by ${listNames(targets)})`);
  if (dependenciesWaited.length > 0) {
    clauses.push(
      `${listNames(dependenciesWaited)} ${wasWere(dependenciesWaited)} already running (waited for${action === 'restart' ? ', not restarted' : ''})`,
    );
  }
  for (const step of problems.values()) {
    clauses.push(step.outcome === 'blocked' ? `${step.service} ${step.message}` : `${step.service} failed: ${step.message}`);
  }
  if (clauses.length === 0) return asked.length === 0 ? 'nothing to do: Zervigo runs no services here' : 'nothing to do';
  const sentence = clauses.join('; ');
  // "Restarted api; …" reads as a sentence; a service's name keeps its own case ("api was already running").
  const startsWithOurWord = /^(started|stopped|restarted|nothing) /.test(sentence) && !targets.some((name) => sentence.startsWith(`${name} `));
  return startsWithOurWord ? sentence.charAt(0).toUpperCase() + sentence.slice(1) : sentence;
}
