import type { z } from 'zod';

/**
 * Schemas whose input is not what zod can describe by itself (a z.preprocess that turns a
 * short form into the long one): each is given what may be written, for the JSON Schema.
 */
const inputForms = new WeakMap<object, z.ZodType>();

export function describeInputAs<S extends object>(schema: S, input: z.ZodType): S {
  inputForms.set(schema, input);
  return schema;
}

export function inputFormOf(schema: object): z.ZodType | undefined {
  return inputForms.get(schema);
}
