import type { DashboardVariable } from './dashboard';

/** "All" as a picker's value: the variable then matches every value. */
export const ALL_VALUE = '$__all';

/** The picked value of each variable, by name: several for a multi-value variable. */
export type VariableValue = string | readonly string[];
export type VariableValues = Readonly<Record<string, VariableValue>>;

/** The picked values as a list (a single value is a list of one). */
export function pickedValues(value: VariableValue | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? (value === '' ? [] : [value]) : value;
}

/**
 * The picked values as the variables now allow them: a variable that no longer takes several
 * keeps its first, one that no longer offers "All" drops it (an emptied one is picked afresh).
 */
export function valuesAllowedBy(variables: readonly DashboardVariable[], values: VariableValues): VariableValues {
  const allowed: Record<string, VariableValue> = {};
  for (const variable of variables) {
    const picked = pickedValues(values[variable.name]).filter((value) => variable.include_all || value !== ALL_VALUE);
    const first = picked[0];
    if (first === undefined) continue;
    allowed[variable.name] = variable.multi ? picked : first;
  }
  return allowed;
}

export type Substitution = { ok: true; query: string } | { ok: false; message: string };

const reference = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

function escapeString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** A value inside `=~"..."`: regex metacharacters escaped, then escaped for the string literal. */
function escapeRegex(value: string): string {
  return escapeString(value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

/** Whether the reference at `index` stands in a regex match (`label=~"…$x"` or `!~`). */
function inRegexMatcher(query: string, index: number): boolean {
  const quote = query.lastIndexOf('"', index - 1);
  if (quote < 0) return false;
  return /[=!]~\s*$/.test(query.slice(0, quote));
}

/**
 * The query with `$name` and `${name}` of the dashboard's variables replaced by their picked
 * values, escaped for where they stand (a string, or a regex after `=~`); several values become
 * `a|b` in a regex (PromQL anchors it whole, so that is exactly a or b), as Grafana expands a
 * multi-value variable; "All" becomes `.*`. "All" and several values are refused where the
 * query matches with `=` (they would match nothing, silently).
 * References to names that are not variables are left as they are (PromQL has no `$`, so the
 * engine then says where the query is wrong).
 */
export function substituteVariables(query: string, variables: readonly Pick<DashboardVariable, 'name'>[], values: VariableValues): Substitution {
  const known = new Set(variables.map((variable) => variable.name));
  const problems: string[] = [];
  const result = query.replace(reference, (whole, braced: string | undefined, bare: string | undefined, index: number) => {
    const name = (braced ?? bare) as string;
    if (!known.has(name)) return whole;
    const picked = pickedValues(values[name]);
    if (picked.length === 0) {
      problems.push(`$${name} has no value yet: pick one above the panels`);
      return whole;
    }
    const regex = inRegexMatcher(query, index);
    if (picked.includes(ALL_VALUE)) {
      if (regex) return '.*';
      problems.push(`$${name} is "All", which only works in a regex match: write {label=~"$${name}"} instead of {label="$${name}"}`);
      return whole;
    }
    if (regex) return picked.map(escapeRegex).join('|');
    if (picked.length > 1) {
      problems.push(`$${name} has ${picked.length} values picked, which only works in a regex match: write {label=~"$${name}"} instead of {label="$${name}"}`);
      return whole;
    }
    return escapeString(picked[0] as string);
  });
  if (problems.length > 0) return { ok: false, message: [...new Set(problems)].join('; ') };
  return { ok: true, query: result };
}

/** The names of the variables a query uses. */
export function variablesIn(query: string): string[] {
  return [...new Set([...query.matchAll(reference)].map((match) => (match[1] ?? match[2]) as string))];
}

/** A series' legend from a template: `{{service}} p95` with the series' labels; null when there is no template. */
export function legendOf(template: string | undefined, labels: Readonly<Record<string, string>>): string | null {
  if (template === undefined || template.trim() === '') return null;
  return template.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_whole, label: string) => labels[label] ?? '');
}
