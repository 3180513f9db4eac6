import { useCallback } from 'react';
import { useRouter } from 'wouter';

/**
 * The href of a page path (`/services/web`) from where the page is shown: this console's, or
 * under an agent's pages (#/hosts/<name>/services/web), so a link on an agent's page stays on it.
 * For the pages an agent's pages have (shell/shared-page-routes.tsx); its Logs are useLogsHref's.
 */
export function usePageHref(): (path: string) => string {
  const { base } = useRouter();
  return useCallback((path: string) => `#${base}${path}`, [base]);
}
