import type { z } from 'zod';

/**
 * For objects that take exactly one "kind" key (a probe's http/tcp/..., a channel's
 * slack/email/...). Modelled as one strict object plus this check rather than a union, so an
 * unknown key gets a did-you-mean and errors point at the key itself.
 */
export function exactlyOneOf<T extends object>(keys: readonly string[], what: string) {
  return (ctx: z.core.ParsePayload<T>): void => {
    const present = keys.filter((key) => (ctx.value as Record<string, unknown>)[key] !== undefined);
    if (present.length === 1) return;
    ctx.issues.push({
      code: 'custom',
      input: ctx.value,
      message: present.length === 0 ? `${what} needs one of: ${keys.join(', ')}` : `${what} has one kind; this one has ${present.join(' and ')}`,
    });
  };
}

/**
 * The same rule for JSON Schema (editors, `zervigo config schema`): exactly one of the kind keys,
 * each alternative titled and described, so an editor offers the kinds with what they do.
 */
export function kindsAsOneOf(kinds: Readonly<Record<string, string>>): { oneOf: { title: string; description: string; required: string[] }[] } {
  return { oneOf: Object.entries(kinds).map(([key, description]) => ({ title: key, description, required: [key] })) };
}
