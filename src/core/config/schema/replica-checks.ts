import type { ScaleConfig } from './scale';

/** What replicas need of a service, in the schema's parsed shape (only the fields looked at). */
interface ReplicatedFields {
  start?: string | string[] | undefined;
  env: Record<string, string>;
  tmux: unknown;
  pid_file?: string | undefined;
  port?: number | undefined;
  replicas: number;
  scale?: ScaleConfig | undefined;
  probes: readonly unknown[];
}

const PER_REPLICA = /\$\{(PORT|REPLICA)\}/;

/**
 * A service that may run more than one instance (replicas > 1, or scale:) must be able to: each
 * instance a child process of its own (not one tmux window, not one pid file), and each on its
 * own port when it has one — the port is a base, replica i listens on port + i - 1, so the
 * command (or its env) must say where with ${PORT} (or derive it from ${REPLICA}).
 */
export function replicaProblems(service: ReplicatedFields): { path: (string | number)[]; message: string }[] {
  const most = Math.max(service.replicas, service.scale?.max ?? 1);
  if (most <= 1) return [];
  const key = service.scale !== undefined && service.replicas <= 1 ? 'scale' : 'replicas';
  const count = `${key === 'scale' ? `scale.max: ${most}` : `replicas: ${most}`}`;
  const problems: { path: (string | number)[]; message: string }[] = [];
  if (service.start === undefined) problems.push({ path: [key], message: `${count} needs a start command: Zervigo runs each replica` });
  if (service.tmux !== false)
    problems.push({
      path: ['tmux'],
      message: `${count} runs each replica as a child process of its own; tmux runs one window per service — remove tmux or replicas`,
    });
  if (service.pid_file !== undefined)
    problems.push({
      path: ['pid_file'],
      message: `${count} cannot share one pid file between replicas; remove pid_file (Zervigo tracks each replica's process)`,
    });
  if (service.port !== undefined) {
    const start = Array.isArray(service.start) ? service.start.join(' ') : (service.start ?? '');
    const said = PER_REPLICA.test(start) || Object.values(service.env).some((value) => PER_REPLICA.test(value));
    if (!said)
      problems.push({
        path: ['port'],
        message: `${count} with port: ${service.port} would start every replica on port ${service.port}; use \${PORT} in start or env (replica i gets port + i - 1: ${service.port}..${service.port + most - 1})`,
      });
  }
  if (service.scale !== undefined && (service.replicas < service.scale.min || service.replicas > service.scale.max) && service.replicas !== 1)
    problems.push({ path: ['replicas'], message: `replicas: ${service.replicas} is outside scale's ${service.scale.min}..${service.scale.max}` });
  return problems;
}
