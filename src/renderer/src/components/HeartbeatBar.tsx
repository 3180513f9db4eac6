import { Box, Stack, Text, Tooltip } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { Heartbeat } from '../../../shared/types/monitoring';
import { formatLatency } from '../format/metric-units';
import { probeName } from '../format/probe-status';
import { formatAbsoluteTime } from '../format/time';
import { useHeartbeatsStore } from '../stores/heartbeats-store';
import classes from './HeartbeatBar.module.css';

const EMPTY: Heartbeat[] = [];
const words: Record<Heartbeat['status'], string> = { up: 'passed', pending: 'failed (retrying)', down: 'failed (down)' };

/** "28 of 30 passed; the last one failed" — the bar in words, for screen readers and tests. */
export function describeBeats(beats: readonly Heartbeat[]): string {
  if (beats.length === 0) return 'no checks yet';
  const passed = beats.filter((beat) => beat.status === 'up').length;
  const last = beats.at(-1) as Heartbeat;
  return `last ${beats.length} check${beats.length === 1 ? '' : 's'}: ${passed} passed, ${beats.length - passed} failed; the latest ${words[last.status]}`;
}

function BeatDetails({ beat, service }: { beat: Heartbeat; service: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" fw={600}>
        {formatAbsoluteTime(beat.at)} · {probeName(beat.probe, service)}
      </Text>
      <Text size="xs">
        {words[beat.status]} · {formatLatency(beat.latencyMs)}
      </Text>
      {beat.reason !== null && (
        <Text size="xs" maw={320} style={{ whiteSpace: 'normal' }}>
          {beat.reason}
        </Text>
      )}
    </Stack>
  );
}

/**
 * The last checks of a service as coloured ticks, oldest on the left (as Uptime Kuma shows
 * them): green passed, yellow failed within its retries, red down; empty slots are checks not
 * made yet. Hovering a tick shows its time, probe, result, latency and reason.
 */
export function HeartbeatBar({ service, count, probe, height = 16 }: { service: string; count: number; probe?: string; height?: number }) {
  const all = useHeartbeatsStore((state) => state.byService[service] ?? EMPTY);
  const beats = useMemo(() => {
    const wanted = probe === undefined ? all : all.filter((beat) => beat.probe === probe);
    return wanted.slice(Math.max(0, wanted.length - count));
  }, [all, probe, count]);
  const [hovered, setHovered] = useState<number | null>(null);
  const shown = hovered === null ? undefined : beats[hovered];
  const padding = count - beats.length;
  const summary = describeBeats(beats);
  return (
    <Tooltip.Floating
      label={shown === undefined ? summary : <BeatDetails beat={shown} service={service} />}
      disabled={beats.length === 0 && hovered === null}
      position="top"
      offset={14}
    >
      <Box
        className={classes.bar}
        style={{ height }}
        role="img"
        aria-label={`${service}: ${summary}`}
        data-testid={`heartbeat-${probe ?? service}`}
        data-beats={beats.length}
        onMouseLeave={() => setHovered(null)}
      >
        {Array.from({ length: padding }, (_, i) => (
          <span key={`empty-${i}`} className={classes.tick} data-status="none" />
        ))}
        {beats.map((beat, i) => (
          <span key={`${beat.probe}-${beat.at}`} className={classes.tick} data-status={beat.status} onMouseEnter={() => setHovered(i)} />
        ))}
      </Box>
    </Tooltip.Floating>
  );
}
