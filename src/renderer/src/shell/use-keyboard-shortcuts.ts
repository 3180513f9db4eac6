import { useEffect } from 'react';
import { pages } from './pages';

/** How long after "g" the second key still counts. */
const SEQUENCE_TIMEOUT_MS = 1_200;

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export interface ShortcutHandlers {
  navigate: (path: string) => void;
  openHelp: () => void;
  focusFilter: () => void;
}

/**
 * The global single-key shortcuts: "?" for help, "g" then a page key to go there, "/" to
 * focus the page's filter box. Ignored while typing in a field or with a modifier held.
 */
export function useKeyboardShortcuts(handlers: ShortcutHandlers): void {
  const { navigate, openHelp, focusFilter } = handlers;
  useEffect(() => {
    let pendingG = 0;
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event.target)) return;
      if (document.querySelector('[role="dialog"]') !== null) return;
      const key = event.key;
      if (pendingG > 0 && Date.now() - pendingG < SEQUENCE_TIMEOUT_MS) {
        pendingG = 0;
        const page = pages.find((entry) => entry.goKey === key.toLowerCase());
        if (page !== undefined) {
          event.preventDefault();
          navigate(page.path);
        }
        return;
      }
      pendingG = 0;
      if (key === 'g') pendingG = Date.now();
      else if (key === '?') {
        event.preventDefault();
        openHelp();
      } else if (key === '/') {
        event.preventDefault();
        focusFilter();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [navigate, openHelp, focusFilter]);
}
