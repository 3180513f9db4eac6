/** The monitor's cells: padded to a column, durations and ages in a few characters. */

/** To `width` characters: cut with an ellipsis or padded (for ASCII text the engine writes). */
export const pad = (text: string, width: number): string => (text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text.padEnd(width));

export const ms = (value: number | null | undefined): string =>
  value === null || value === undefined ? '–' : value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(1)} s`;

export const ago = (at: number | null, now: number): string => {
  if (at === null) return '–';
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  return seconds < 60
    ? `${seconds}s`
    : seconds < 3600
      ? `${Math.round(seconds / 60)}m`
      : seconds < 86_400
        ? `${Math.round(seconds / 3600)}h`
        : `${Math.round(seconds / 86_400)}d`;
};
