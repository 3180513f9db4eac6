import { z } from 'zod';
import { exactlyOneOf, kindsAsOneOf } from './one-of';

/** What the schema needs of any kind: its key, its options' schema, a sentence, and its target in words. */
export interface KindEntrySchema<Options = unknown> {
  kind: string;
  summary: string;
  schema: z.ZodType<Options>;
  describe(options: Options): string;
  /**
   * The options' JSON Schema, for a kind whose options are checked by other means (a plugin's kind
   * checks the JSON Schema in its manifest); without it, the JSON Schema is generated from `schema`.
   */
  optionsJsonSchema?(): Record<string, unknown> | undefined;
  /** The plugin that contributes the kind (its id); absent for a built-in. */
  plugin?(): string | undefined;
}

/** An entry validated: its shared keys, its kind (the key it was written under), its target, and the kind's options under that key. */
export type KindEntry<Common> = Common & { kind: string; target: string; [kindKey: string]: unknown };

/**
 * An entry of the workspace that takes exactly one kind key (a channel, an action): the kinds'
 * options under their keys plus the keys every entry has; after validation it carries its `kind`
 * and its `target` (the kind's describe). Built once per list of kinds (a registry's list stays the
 * same array until a kind is registered).
 */
export function kindEntrySchemaFor<Shape extends z.ZodRawShape>(
  kinds: readonly KindEntrySchema[],
  common: Shape,
  what: string,
  cache: WeakMap<readonly KindEntrySchema[], z.ZodType<KindEntry<z.output<z.ZodObject<Shape>>>, unknown>>,
): z.ZodType<KindEntry<z.output<z.ZodObject<Shape>>>, unknown> {
  const cached = cache.get(kinds);
  if (cached !== undefined) return cached;
  const schema = z
    .strictObject({ ...Object.fromEntries(kinds.map((kind) => [kind.kind, kind.schema.optional().describe(kind.summary)])), ...common })
    .check(
      exactlyOneOf(
        kinds.map((kind) => kind.kind),
        what,
      ),
    )
    .meta(kindsAsOneOf(Object.fromEntries(kinds.map((kind) => [kind.kind, kind.summary]))))
    .transform((entry) => {
      const kind = kinds.find((candidate) => (entry as Record<string, unknown>)[candidate.kind] !== undefined);
      return { ...entry, kind: kind?.kind ?? '', target: kind?.describe((entry as Record<string, unknown>)[kind.kind]) ?? '' };
    }) as unknown as z.ZodType<KindEntry<z.output<z.ZodObject<Shape>>>, unknown>;
  cache.set(kinds, schema);
  return schema;
}
