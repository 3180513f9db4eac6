import type { z } from 'zod';

/**
 * The keys a schema accepts at a path of the document, for did-you-mean on unknown keys.
 * Walks zod's definitions through the wrappers the workspace schema uses.
 */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const found = new Set<string>();
  collect(schema, path, found);
  return [...found];
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  getter?: () => z.ZodType;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function collect(schema: z.ZodType, path: readonly PropertyKey[], found: Set<string>): void {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'nullable':
    case 'prefault':
    case 'readonly':
    case 'catch':
      if (def.innerType) collect(def.innerType, path, found);
      return;
    case 'pipe':
      // z.preprocess puts its schema on the way out.
      if (def.in) collect(def.in, path, found);
      if (def.out) collect(def.out, path, found);
      return;
    case 'lazy':
      if (def.getter) collect(def.getter(), path, found);
      return;
    case 'union':
      for (const option of def.options ?? []) collect(option, path, found);
      return;
    case 'object':
      if (path.length === 0) for (const key of Object.keys(def.shape ?? {})) found.add(key);
      else {
        const next = def.shape?.[String(path[0])];
        if (next) collect(next, path.slice(1), found);
      }
      return;
    case 'record':
      if (path.length > 0 && def.valueType) collect(def.valueType, path.slice(1), found);
      return;
    case 'array':
      if (path.length > 0 && def.element) collect(def.element, path.slice(1), found);
      return;
    default:
      return;
  }
}
