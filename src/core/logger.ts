import pino from 'pino';

export type Logger = pino.Logger;

/** Structured logs to stderr; quiet in tests unless ZERVIGO_LOG_LEVEL asks otherwise. */
export function createLogger(name: string, level?: string): Logger {
  const resolved = level ?? process.env.ZERVIGO_LOG_LEVEL ?? (process.env.VITEST === 'true' ? 'silent' : 'info');
  return pino({ name, level: resolved }, pino.destination({ dest: 2, sync: false }));
}

export const silentLogger: Logger = pino({ level: 'silent' });
