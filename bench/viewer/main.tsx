import '@mantine/core/styles.css';
import { MantineProvider } from '@mantine/core';
import { useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { LogViewer } from '../../src/renderer/src/pages/logs/LogViewer';
import type { LogLine } from '../../src/shared/types/logs';

/** The Logs page's viewer alone, with a million lines made in the page (the benchmark scrolls it). */
const COUNT = Number(new URLSearchParams(location.search).get('lines') ?? 1_000_000);
const levels = ['info', 'info', 'info', 'debug', 'warn', 'error'] as const;
const started = performance.now();
const lines: LogLine[] = new Array<LogLine>(COUNT);
const t0 = Date.UTC(2026, 10, 22);
for (let i = 0; i < COUNT; i++) {
  const level = levels[i % levels.length] as LogLine['level'];
  const text =
    i % 97 === 0
      ? `ERROR order ${i} failed\njava.lang.IllegalStateException: stock is negative\n\tat shop.Stock.take(Stock.java:42)`
      : i % 5 === 0
        ? `{"level":"info","msg":"payment captured","orderId":${i},"amount":${i % 9999}}`
        : `request served method=GET path=/api/v1/orders/${i} status=200 duration=${i % 300}ms`;
  lines[i] = { id: i + 1, ts: t0 + i * 7, level, service: i % 3 === 0 ? 'api' : 'checkout', source: 'bench', patternId: null, text };
}
const built = performance.now() - started;

function Harness() {
  useEffect(() => {
    (window as unknown as { benchReady: { built: number; rendered: number } }).benchReady = { built, rendered: performance.now() - started };
  }, []);
  return (
    <div style={{ height: '100vh', padding: 8, boxSizing: 'border-box' }}>
      <LogViewer
        lines={lines}
        version={1}
        terms={['failed', 'payment']}
        follow={false}
        anchorId={null}
        onAwayFromBottom={() => {}}
        onReachTop={async () => 0}
      />
    </div>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <MantineProvider>
    <Harness />
  </MantineProvider>,
);
