import { useEffect, useRef } from 'react';
import { focusTerminal, liveTerminal } from './terminals-store';

/** A container that shows a live terminal and keeps it fitted to its size. */
export function TerminalView({ id, active }: { id: string; active: boolean }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    const terminal = liveTerminal(id);
    if (element === null || terminal === undefined) return;
    terminal.attach(element);
    const observer = new ResizeObserver(() => terminal.fitToContainer());
    observer.observe(element);
    return () => observer.disconnect();
  }, [id]);
  useEffect(() => {
    if (active) liveTerminal(id)?.focus();
  }, [active, id]);
  return (
    <div
      ref={container}
      data-testid={`terminal-${id}`}
      onFocusCapture={() => focusTerminal(id)}
      onMouseDown={() => focusTerminal(id)}
      style={{ width: '100%', height: '100%', overflow: 'hidden', padding: 4, boxSizing: 'border-box' }}
    />
  );
}
