import { z } from 'zod';
import type { SilenceView } from '../../../shared/types/alerts';

/** The part of GET /api/v2/silences Zervigo shows; anything else in the answer is ignored. */
const gettableSilence = z.object({
  id: z.string(),
  matchers: z.array(z.object({ name: z.string(), value: z.string(), isRegex: z.boolean(), isEqual: z.boolean().optional() })),
  startsAt: z.string(),
  endsAt: z.string(),
  createdBy: z.string(),
  comment: z.string(),
  updatedAt: z.string().optional(),
  status: z.object({ state: z.enum(['active', 'pending', 'expired']) }),
});

/** An Alertmanager's silences as the Silences list shows them, tagged with where they live. */
export function silencesFromAlertmanager(body: unknown, source: string): SilenceView[] {
  const parsed = z.array(gettableSilence).safeParse(body);
  if (!parsed.success) throw new Error(`${source} answered silences Zervigo cannot read (${parsed.error.issues[0]?.message ?? 'unexpected shape'})`);
  return parsed.data.map((silence) => ({
    id: `${source}#${silence.id}`,
    matchers: silence.matchers.map((matcher) => ({ name: matcher.name, value: matcher.value, isRegex: matcher.isRegex, isEqual: matcher.isEqual ?? true })),
    startsAt: Date.parse(silence.startsAt),
    endsAt: Date.parse(silence.endsAt),
    createdBy: silence.createdBy,
    comment: silence.comment,
    createdAt: Date.parse(silence.updatedAt ?? silence.startsAt),
    state: silence.status.state,
    silencing: 0,
    source,
  }));
}
