import { z } from 'zod';

/**
 * What is written for an entry a plugin's kind fills (an analyser, a log parser): `- <kind>: {options}`
 * beside the entry's own keys (the parser then moves the kind key into `plugin`). For the editor's
 * JSON Schema: the entry's own keys are checked as usual, any other key must hold an object (the
 * kind's options, which only the engine can check, against the plugin's JSON Schema).
 */
export function writtenWithKindKey<Shape extends z.ZodRawShape>(what: string, shape: Shape) {
  return z
    .object(shape)
    .catchall(
      z
        .record(z.string(), z.unknown())
        .describe(`The ${what} kind a plugin contributes, and its options (checked against the plugin's own schema by zervigo config validate).`),
    );
}
