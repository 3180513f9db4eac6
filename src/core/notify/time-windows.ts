import type { TimeWindowConfig } from '../config/schema';

const weekdayIndex: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

function minutesOf(text: string): number {
  const [hours, minutes] = text.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

/**
 * Whether `at` (local time of this machine) falls in a weekly window: on its weekdays (every
 * day when none are given), within its times (all day when none). "22:00-06:00" crosses
 * midnight: the part after midnight belongs to the day it started on.
 */
export function inTimeWindow(window: TimeWindowConfig, at: number): boolean {
  const date = new Date(at);
  const minute = date.getHours() * 60 + date.getMinutes();
  const today = date.getDay();
  const yesterday = (today + 6) % 7;
  const days = window.weekdays.map((day) => weekdayIndex[day] as number);
  const onDay = (day: number): boolean => days.length === 0 || days.includes(day);
  if (window.times === undefined) return onDay(today);
  const [from, to] = window.times.split('-').map(minutesOf) as [number, number];
  if (from <= to) return onDay(today) && minute >= from && minute < to;
  return (onDay(today) && minute >= from) || (onDay(yesterday) && minute < to);
}

export function inAnyWindow(windows: readonly TimeWindowConfig[], at: number): boolean {
  return windows.some((window) => inTimeWindow(window, at));
}
