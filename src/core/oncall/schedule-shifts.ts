import type { ScheduleConfig, ScheduleLayerConfig } from '../config/schema';
import { addDays, daysBetween, instantOf, wallClockOf } from '../../shared/zoned-time';
import { activeWindowAt, restrictionEdges } from './layer-restrictions';

/** A stretch of time one person is on call in a schedule, and why (a rotation layer, or an override). */
export interface Shift {
  person: string;
  start: number;
  end: number;
  source: 'rotation' | 'override';
  /** The layer's position (0-based) for a rotation shift; null for an override. */
  layer: number | null;
}

/** The instant the k-th shift of a layer begins: k × length calendar days after its start, at the hand-off's wall-clock time. */
function shiftStart(layer: ScheduleLayerConfig, zone: string, k: number): number {
  return instantOf({ ...addDays(layer.start, k * layer.length), ...layer.hand_off }, zone);
}

function layerEnd(layer: ScheduleLayerConfig, zone: string): number {
  return layer.end === undefined ? Number.POSITIVE_INFINITY : instantOf({ ...layer.end, ...layer.hand_off }, zone);
}

/** The index of the layer's shift holding `at` (negative before the layer starts). */
function shiftIndexAt(layer: ScheduleLayerConfig, zone: string, at: number): number {
  const day = daysBetween(layer.start, wallClockOf(at, zone));
  let k = Math.floor(day / layer.length);
  // The hand-off day belongs to the previous shift until the hand-off time.
  while (at < shiftStart(layer, zone, k)) k--;
  while (at >= shiftStart(layer, zone, k + 1)) k++;
  return k;
}

/**
 * The layer's shift at an instant, or null before its start, after its end, or outside its
 * restrictions (a restricted layer's shift is clipped to the active window holding the instant).
 */
export function layerShiftAt(layer: ScheduleLayerConfig, layerIndex: number, zone: string, at: number): Shift | null {
  const k = shiftIndexAt(layer, zone, at);
  if (k < 0) return null;
  let start = shiftStart(layer, zone, k);
  let end = Math.min(shiftStart(layer, zone, k + 1), layerEnd(layer, zone));
  if (at >= end) return null;
  if (layer.restrictions !== undefined) {
    const window = activeWindowAt(layer.restrictions, zone, at);
    if (window === null) return null;
    start = Math.max(start, window.start);
    end = Math.min(end, window.end);
  }
  const person = layer.people[k % layer.people.length] as string;
  return { person, start, end, source: 'rotation', layer: layerIndex };
}

/**
 * Who is on call at an instant: an override holding it, else the last layer with someone on call
 * then (a later layer wins, as in PagerDuty). The shift returned is the layer's or override's own;
 * shiftsBetween clips shifts to what actually applies.
 */
export function onCallAt(schedule: ScheduleConfig, at: number): Shift | null {
  const override = schedule.overrides.find((candidate) => candidate.from <= at && at < candidate.to);
  if (override !== undefined) return { person: override.person, start: override.from, end: override.to, source: 'override', layer: null };
  for (let i = schedule.layers.length - 1; i >= 0; i--) {
    const shift = layerShiftAt(schedule.layers[i] as ScheduleLayerConfig, i, schedule.time_zone, at);
    if (shift !== null) return shift;
  }
  return null;
}

/**
 * The shifts that apply between two instants, in order, clipped to the range and to one another
 * (an override cuts a rotation shift in two). Found by evaluating onCallAt at every instant
 * something can change: each layer's hand-offs, end and restriction windows, each override's edges.
 */
export function shiftsBetween(schedule: ScheduleConfig, from: number, to: number): Shift[] {
  if (to <= from) return [];
  const zone = schedule.time_zone;
  const edges = new Set<number>([from, to]);
  schedule.layers.forEach((layer) => {
    const end = layerEnd(layer, zone);
    if (end > from && end < to) edges.add(end);
    for (let k = Math.max(0, shiftIndexAt(layer, zone, from)); ; k++) {
      const start = shiftStart(layer, zone, k);
      if (start >= to || start >= end) break;
      if (start > from) edges.add(start);
    }
    if (layer.restrictions !== undefined) for (const edge of restrictionEdges(layer.restrictions, zone, from, to)) edges.add(edge);
  });
  for (const override of schedule.overrides) for (const edge of [override.from, override.to]) if (edge > from && edge < to) edges.add(edge);
  const sorted = [...edges].sort((a, b) => a - b);
  const shifts: Shift[] = [];
  for (let i = 0; i < sorted.length - 1; i++) {
    const start = sorted[i] as number;
    const end = sorted[i + 1] as number;
    const who = onCallAt(schedule, start);
    if (who === null) continue;
    const last = shifts.at(-1);
    if (last !== undefined && last.end === start && last.person === who.person && last.source === who.source && last.layer === who.layer) last.end = end;
    else shifts.push({ person: who.person, start, end, source: who.source, layer: who.layer });
  }
  return shifts;
}
