import type { z } from 'zod';
import { parsePromql, PromqlError } from '../../promql/parse-promql';
import { compileTemplate, TemplateError } from '../../promql/rule-template';

/**
 * Checks of the alerting section that look inside strings: PromQL expressions, templates and
 * regular expressions. An issue carries `params.offset`, the character of the string where the
 * problem is, so the workspace parser reports the line:col of the problem itself.
 */
export function promqlExpression(ctx: z.core.ParsePayload<string>): void {
  try {
    const parsed = parsePromql(ctx.value);
    if (parsed.type === 'matrix')
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: 'an alerting rule must give an instant vector, not a range vector: wrap it in a function like rate(...) or max_over_time(...)',
        params: { offset: 0 },
      });
  } catch (error) {
    if (!(error instanceof PromqlError)) throw error;
    ctx.issues.push({ code: 'custom', input: ctx.value, message: error.message, params: { offset: error.from } });
  }
}

function templateIssue(ctx: z.core.ParsePayload<Record<string, string>>, key: string, source: string): void {
  try {
    compileTemplate(source);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    ctx.issues.push({ code: 'custom', input: source, path: [key], message: `template: ${error.message}`, params: { offset: error.offset } });
  }
}

/** Every value of a label or annotation map is a template. */
export function templateValues(ctx: z.core.ParsePayload<Record<string, string>>): void {
  for (const [key, source] of Object.entries(ctx.value)) templateIssue(ctx, key, source);
}

export function templateString(ctx: z.core.ParsePayload<string>): void {
  try {
    compileTemplate(ctx.value);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    ctx.issues.push({ code: 'custom', input: ctx.value, message: `template: ${error.message}`, params: { offset: error.offset } });
  }
}

/** Label values matched by regular expressions, anchored as in Prometheus. */
export function regexValues(ctx: z.core.ParsePayload<Record<string, string>>): void {
  for (const [key, pattern] of Object.entries(ctx.value)) {
    try {
      new RegExp(`^(?:${pattern})$`);
    } catch (error) {
      ctx.issues.push({ code: 'custom', input: pattern, path: [key], message: `not a regular expression: ${(error as Error).message}` });
    }
  }
}
