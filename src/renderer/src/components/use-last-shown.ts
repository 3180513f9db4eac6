import { useRef } from 'react';

/**
 * What a dialog or drawer showed while it was open, kept while it closes: Mantine fades it out
 * for a moment after `opened` turns false, and content read from the state that closed it (a
 * `null` target) would flash "Remove ?" or an empty body in that moment.
 */
export function useLastShown<T>(opened: boolean, value: T): T {
  const shown = useRef(value);
  /* eslint-disable react-hooks/refs -- a cache of what was rendered while open, read only while
     closed: state would re-render on every open render (callers pass fresh objects and children),
     and this app does not run the React Compiler, whose memoising the rule guards. */
  if (opened) shown.current = value;
  return opened ? value : shown.current;
  /* eslint-enable react-hooks/refs */
}

/** `useLastShown` for a dialog opened by a value that turns `null` to close it. */
export function useLastPresent<T>(value: T | null): T | null {
  return useLastShown(value !== null, value);
}
