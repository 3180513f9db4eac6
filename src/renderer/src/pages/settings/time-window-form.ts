/** Weekly maintenance windows (`time_windows:`) as a form edits them. */
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

export interface PeriodForm {
  days: Weekday[];
  allDay: boolean;
  from: string;
  to: string;
}

export interface TimeWindowForm {
  name: string;
  periods: PeriodForm[];
  /** Indexes of the routes muted during this window (their mute_when names it). */
  mutedRoutes: number[];
}

export interface RouteSummary {
  index: number;
  label: string;
  muteWhen: string[];
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

export function newPeriod(): PeriodForm {
  return { days: ['sat', 'sun'], allDay: false, from: '22:00', to: '06:00' };
}

export function timeWindowFormOf(name: string, raw: unknown, routes: readonly RouteSummary[]): TimeWindowForm {
  const periods = (Array.isArray(raw) ? raw : []).map((entry): PeriodForm => {
    const period = record(entry);
    const times = typeof period.times === 'string' ? period.times.split('-') : null;
    return {
      days: strings(period.weekdays).filter((day): day is Weekday => (weekdays as readonly string[]).includes(day)),
      allDay: times === null,
      from: times?.[0] ?? '00:00',
      to: times?.[1] ?? '00:00',
    };
  });
  return {
    name,
    periods: periods.length > 0 ? periods : [newPeriod()],
    mutedRoutes: routes.filter((route) => route.muteWhen.includes(name)).map((route) => route.index),
  };
}

/** The window's value for the workspace file. */
export function timeWindowValueOf(form: TimeWindowForm): Record<string, unknown>[] {
  return form.periods.map((period) => ({
    ...(period.days.length > 0 ? { weekdays: weekdays.filter((day) => period.days.includes(day)) } : {}),
    ...(period.allDay ? {} : { times: `${period.from}-${period.to}` }),
  }));
}

/** "Sat, Sun 22:00–06:00 (crosses midnight)" */
export function describePeriod(period: PeriodForm): string {
  const days =
    period.days.length === 0 || period.days.length === 7
      ? 'Every day'
      : weekdays
          .filter((day) => period.days.includes(day))
          .map((day) => day[0]?.toUpperCase() + day.slice(1))
          .join(', ');
  if (period.allDay) return `${days}, all day`;
  return `${days} ${period.from}–${period.to}${period.from > period.to ? ' (crosses midnight)' : ''}`;
}

export function timeWindowProblem(form: TimeWindowForm, taken: readonly string[]): string | null {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(form.name.trim())) return 'A name: letters, digits, "-", "_", "." (routes use it in mute_when:).';
  if (taken.includes(form.name.trim())) return `There is already a window "${form.name.trim()}".`;
  if (form.periods.length === 0) return 'At least one period.';
  for (const period of form.periods) {
    if (!period.allDay && (!/^([01]\d|2[0-3]):[0-5]\d$/.test(period.from) || !/^([01]\d|2[0-4]):[0-5]\d$/.test(period.to))) return 'Times as HH:MM, 24-hour.';
    if (!period.allDay && period.from === period.to) return 'A period that starts and ends at the same minute is empty.';
  }
  return null;
}

/** Each route in words: "severity=critical → desktop, ops". */
export function routeSummariesOf(rawRoutes: unknown): RouteSummary[] {
  return (Array.isArray(rawRoutes) ? rawRoutes : []).map((entry, index) => {
    const route = record(entry);
    const match = Object.entries({ ...record(route.match), ...record(route.match_re) }).map(([label, value]) => `${label}=${String(value)}`);
    const notify = strings(route.notify);
    return {
      index,
      label: `${match.length === 0 ? 'every alert' : match.join(', ')} → ${notify.length === 0 ? 'no channel' : notify.join(', ')}`,
      muteWhen: strings(route.mute_when),
    };
  });
}
