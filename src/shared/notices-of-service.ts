import type { NoticeInsight } from './types/insights';

/**
 * The notices one service's operator reads (GET /api/v1/insights?service=, `zervigo insights
 * --service`, the Insights page's service filter): those about analysis as a whole, and those
 * about series of that service, each told with that service's count and examples only.
 */
export function noticesOfService(notices: readonly NoticeInsight[], service: string): NoticeInsight[] {
  const out: NoticeInsight[] = [];
  for (const notice of notices) {
    // A server older than per-service notices sends none: they are about what it runs, shown as they are.
    if (notice.services === null || notice.services === undefined) {
      out.push(notice);
      continue;
    }
    const share = notice.services.find((one) => one.service === service);
    if (share !== undefined) out.push({ ...notice, summary: share.summary, services: [share] });
  }
  return out;
}
