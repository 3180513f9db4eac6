import { Group, Stack, Text } from '@mantine/core';
import type { ReplicaRuntime } from '../../../../shared/types/operate';
import { StatusBadge } from '../../components/StatusBadge';
import { statusLook } from '../../format/service-status';
import { ReplicaRestartButton } from './ReplicaRestartButton';
import classes from './ReplicaList.module.css';

/** "pid 4242 · port 8081 · 2 restarts": only what is known, so a stopped replica reads short. */
function figuresOf(replica: ReplicaRuntime): string {
  const parts = [replica.pid === null ? 'no process' : `pid ${replica.pid}`];
  if (replica.port !== null) parts.push(`port ${replica.port}`);
  parts.push(`${replica.restarts} restart${replica.restarts === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

/**
 * One line per replica of a replicated service (web#1, web#2…): its state, pid, port, restarts, why
 * when it is not up, and a Restart of that replica alone. Lines wrap rather than scroll, so a phone
 * shows them whole.
 */
export function ReplicaList({ service, replicas, id }: { service: string; replicas: readonly ReplicaRuntime[]; id?: string }) {
  return (
    <ul className={classes.list} id={id} aria-label={`Replicas of ${service}`} data-testid={`replicas-${service}`}>
      {replicas.map((replica) => {
        const name = `${service}#${replica.replica}`;
        return (
          <li key={replica.replica} className={classes.replica} data-testid={`replica-${name}`} data-status={replica.status}>
            <Stack gap={2} className={classes.body}>
              <Group gap={8} wrap="wrap">
                <Text size="sm" fw={600} ff="monospace" span>
                  {name}
                </Text>
                <StatusBadge status={replica.status} size="xs" />
                <Text size="xs" c="dimmed" span className={classes.figures}>
                  {figuresOf(replica)}
                </Text>
              </Group>
              {replica.status !== 'up' && replica.reason !== null && (
                <Text size="xs" c={statusLook(replica.status).tone === 'critical' ? 'red.7' : 'dimmed'} className={classes.reason}>
                  {replica.reason}
                </Text>
              )}
            </Stack>
            <ReplicaRestartButton service={service} replica={replica.replica} />
          </li>
        );
      })}
    </ul>
  );
}
