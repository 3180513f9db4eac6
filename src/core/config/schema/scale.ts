import { z } from 'zod';
import { promqlExpression } from './alerting-checks';
import { duration } from './primitives';

/**
 * Scaling a replicated service from rules: while `up` returns a sample (as an alert's expr
 * fires) one replica is added, while `down` does one is removed, within min..max; after any
 * change nothing moves for `cooldown`, so a rule that flaps cannot make replicas come and go.
 */
export const scaleSchema = z
  .strictObject({
    min: z.number().int().min(1).max(64).default(1).describe('The fewest replicas it is scaled down to.'),
    max: z.number().int().min(1).max(64).describe('The most replicas it is scaled up to.'),
    up: z.string().min(1, 'the expression is empty').check(promqlExpression).describe('PromQL: while it returns any sample, one replica is added (up to max).'),
    down: z
      .string()
      .min(1, 'the expression is empty')
      .check(promqlExpression)
      .optional()
      .describe('PromQL: while it returns any sample (and up does not), one replica is removed (down to min).'),
    every: duration.prefault('15s').describe('How often up and down are evaluated.'),
    cooldown: duration.prefault('2m').describe('After a change, no other change for this long (against flapping).'),
  })
  .check((ctx) => {
    if (ctx.value.min > ctx.value.max)
      ctx.issues.push({ code: 'custom', input: ctx.value.min, path: ['min'], message: `min (${ctx.value.min}) is above max (${ctx.value.max})` });
  });

export type ScaleConfig = z.infer<typeof scaleSchema>;
