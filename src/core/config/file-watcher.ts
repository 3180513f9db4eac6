import fs from 'node:fs';
import path from 'node:path';

/**
 * Calls back when a file's content may have changed. Watches the folder rather than the
 * file because editors save by writing a new file and renaming it over the old one; falls
 * back to polling where the platform cannot watch (inotify limits, network drives).
 */
export function watchFile(file: string, onChange: () => void, debounceMs = 50): () => void {
  const dir = path.dirname(file);
  const base = path.basename(file);
  let timer: NodeJS.Timeout | null = null;
  const trigger = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      onChange();
    }, debounceMs);
  };
  let stop: () => void;
  try {
    const watcher = fs.watch(dir, { persistent: false }, (_event, name) => {
      if (name === null || name === base) trigger();
    });
    watcher.on('error', () => {});
    stop = () => watcher.close();
  } catch {
    const listener = (): void => trigger();
    fs.watchFile(file, { interval: 500, persistent: false }, listener);
    stop = () => fs.unwatchFile(file, listener);
  }
  return () => {
    if (timer !== null) clearTimeout(timer);
    stop();
  };
}
