const units = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** 512 -> "512 B", 1536 -> "1.5 KB", 12_582_912 -> "12 MB" (binary multiples, shown as KB/MB/GB). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '—';
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${sign}${Math.round(value)} B`;
  const rounded = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  // 1023.96 KB rounds to 1024 KB; show it as the next unit instead.
  if (rounded >= 1024 && unit < units.length - 1) return `${sign}1 ${units[unit + 1]}`;
  return `${sign}${rounded} ${units[unit]}`;
}
