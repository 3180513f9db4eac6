import { JSONPath } from 'jsonpath-plus';

/**
 * JSON paths as operators write them in `expect.body_json`: `$.status`, `status`,
 * `checks[0].ok`, `$.checks[*].ok`. Script and filter expressions are refused: a workspace
 * file never runs code.
 */
export function jsonPathProblem(path: string): string | null {
  if (path.trim() === '') return 'the JSON path is empty';
  if (/[?(]/.test(path)) return `"${path}": filter and script expressions are not supported; write a plain path like $.checks[0].status`;
  let depth = 0;
  for (const char of path) {
    if (char === '[') depth++;
    if (char === ']') depth--;
    if (depth < 0 || depth > 1) break;
  }
  if (depth !== 0) return `"${path}" has unbalanced brackets; write e.g. $.checks[0].status`;
  return null;
}

/** Every value the path selects in `json` (none when it selects nothing). */
export function selectJsonPath(json: unknown, path: string): unknown[] {
  const normalized = path.startsWith('$') ? path : `$.${path}`;
  return JSONPath<unknown[]>({ path: normalized, json: json as object, wrap: true, eval: false });
}
