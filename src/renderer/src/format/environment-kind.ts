/**
 * How loud an environment is shown. Matched by name, as operators name them: anything with
 * "prod" in it is production (red), "stag" is staging (yellow), the rest neutral.
 */
export type EnvironmentKind = 'production' | 'staging' | 'other';

export function environmentKind(name: string | null): EnvironmentKind {
  if (name === null) return 'other';
  const lower = name.toLowerCase();
  if (lower.includes('prod')) return 'production';
  if (lower.includes('stag')) return 'staging';
  return 'other';
}

export const environmentColor: Record<EnvironmentKind, string> = {
  production: 'red',
  staging: 'yellow',
  other: 'gray',
};
