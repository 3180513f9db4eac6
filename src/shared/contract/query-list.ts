import { z } from 'zod';

/** A list in a command's input as a REST query string gives it: repeated (`a=x&a=y`) or comma-separated. */
export function queryList(item: z.ZodString, max: number, what: string) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((value) =>
      (Array.isArray(value) ? value : [value])
        .flatMap((entry) => entry.split(','))
        .map((entry) => entry.trim())
        .filter((entry) => entry !== ''),
    )
    .pipe(z.array(item).max(max, `at most ${max} ${what}`));
}
