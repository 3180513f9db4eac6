import { useMediaQuery } from '@mantine/hooks';

/**
 * A phone (or a window as narrow as one): under Mantine's `sm`, 768 px. There the navigation is
 * a menu, tables are cards or scroll within themselves, dialogs take the whole screen and what a
 * thumb acts on is 44 px tall. CSS modules use the same query: `@media (max-width: 47.99em)`.
 */
export const PHONE_QUERY = '(max-width: 47.99em)';

/** The Mantine breakpoint the phone layout ends at (`hiddenFrom` / `visibleFrom`). */
export const PHONE_BREAKPOINT = 'sm';

export function usePhone(): boolean {
  return useMediaQuery(PHONE_QUERY, undefined, { getInitialValueInEffect: false }) ?? false;
}
