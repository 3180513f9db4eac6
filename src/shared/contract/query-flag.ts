import { z } from 'zod';

/**
 * A yes/no in a command's input, as JSON gives it (`true`) and as a REST query string does
 * (`?force=true`, a string). Only "true" and "false" are read: `z.coerce.boolean()` would make
 * "false" true, and a typo like "yes" must be refused, not taken as no.
 */
export function queryFlag(what: string, description: string) {
  // The default inside the preprocess: so the JSON Schema (OpenAPI) still says `default: false`.
  return z.preprocess(readFlag, z.boolean({ error: `${what} is true or false (?${what}=true)` }).default(false)).describe(description);
}

function readFlag(value: unknown): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}
