import type { z } from 'zod';

/** "services[0].name" — paths a person can find in a file or a request body. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 37)}...` : value}"`;
  return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' ? String(value) : typeof value;
}

const article = (type: string): string => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

/**
 * Messages for the issues zod raises by default, worded for operators: what was expected and
 * what was found. Pass as the per-parse `error` option; schema-level messages still win.
 */
export function friendlyIssueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return 'is required';
      // z.coerce turns text like "x" into NaN before the check; the original text is gone.
      if (typeof issue.input === 'number' && Number.isNaN(issue.input)) return `expected ${article(String(issue.expected))}`;
      const expected = issue.expected === 'object' ? 'a mapping' : issue.expected === 'array' ? 'a list' : article(String(issue.expected));
      return `expected ${expected}, got ${describe(issue.input)}`;
    }
    case 'invalid_value':
      return `expected ${issue.values.map((value) => JSON.stringify(value)).join(' or ')}, got ${describe(issue.input)}`;
    case 'too_small':
      if (issue.origin === 'array') return `needs at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}`;
      if (issue.origin === 'string') return issue.minimum === 1 ? 'must not be empty' : `must be at least ${String(issue.minimum)} characters`;
      return `must be ${issue.inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'array') return `allows at most ${String(issue.maximum)} items`;
      if (issue.origin === 'string') return `must be at most ${String(issue.maximum)} characters`;
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
    default:
      return undefined;
  }
}

export function formatZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = formatIssuePath(issue.path);
      return where === '' ? issue.message : `${where}: ${issue.message}`;
    })
    .join('; ');
}
