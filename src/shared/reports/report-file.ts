import { renderHtml } from './render-html';
import { renderMarkdown } from './render-markdown';
import type { Report, ReportFormat } from './report-schema';

const CONTENT_TYPES: Record<ReportFormat, string> = { html: 'text/html; charset=utf-8', md: 'text/markdown; charset=utf-8', json: 'application/json' };

/** The report as a file of one format, with the name it is saved or attached under. */
export function reportFile(report: Report, format: ReportFormat): { filename: string; contentType: string; content: string } {
  const content = format === 'html' ? renderHtml(report) : format === 'md' ? renderMarkdown(report) : `${JSON.stringify(report, null, 2)}\n`;
  const slug = `${report.workspace.name}-${report.period.label}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return { filename: `zervigo-report-${slug}.${format}`, contentType: CONTENT_TYPES[format], content };
}
