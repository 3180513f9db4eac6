/** Sizes as operators write them: 512KB, 4MiB, 2GB, or a plain number of bytes. */
const byteUnits: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };
const sizePattern = /^(\d+(?:\.\d+)?)\s*([kmg]i?b|b)?$/i;

/** Bytes, or null when the text is not a size. A bare number is bytes. */
export function parseByteSize(text: string): number | null {
  const match = sizePattern.exec(text.trim());
  if (match === null) return null;
  const unit = (match[2] ?? 'b').toLowerCase();
  return Math.round(Number(match[1]) * (byteUnits[unit] as number));
}

/** 4194304 -> "4 MiB", 1536 -> "1.5 KiB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${Number((bytes / 1024 ** 3).toFixed(1))} GiB`;
  if (bytes >= 1024 ** 2) return `${Number((bytes / 1024 ** 2).toFixed(1))} MiB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KiB`;
  return `${bytes} B`;
}
