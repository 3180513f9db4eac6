import { parse } from 'yaml';

/**
 * The workspace as written (before ${VAR} substitution and defaults), for forms that edit a
 * part of it: what they show is what the file says, and what they write back keeps ${VAR}s.
 */
export function rawWorkspace(content: string): Record<string, unknown> {
  try {
    const value: unknown = parse(content);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function sectionOf(content: string, key: string): Record<string, unknown> {
  const section = rawWorkspace(content)[key];
  return typeof section === 'object' && section !== null && !Array.isArray(section) ? (section as Record<string, unknown>) : {};
}
