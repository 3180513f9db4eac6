import { z } from 'zod';
import { name } from './primitives';

/** The slug is the page's URL (/status/<slug>): lower-case words joined by "-", so it reads well and needs no escaping. */
export const STATUS_PAGE_SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** One service on the page: its name, or { service, name } to show a public name instead of the internal one. */
const statusPageServiceSchema = z
  .union([
    name,
    z.strictObject({
      service: name.describe('The service (one of services:).'),
      name: z.string().trim().min(1).max(100).optional().describe('The name shown on the page (default: the service name).'),
    }),
  ])
  .transform((entry) => (typeof entry === 'string' ? { service: entry, name: entry } : { service: entry.service, name: entry.name ?? entry.service }))
  .describe('A service shown on the page: its name, or { service, name } to show another name.');

/**
 * A public, read-only status page (as Uptime Kuma's): the chosen services' state, heartbeat bars,
 * availability and the incident notes operators write, at /status/<slug> without a token.
 * Nothing else is reachable through it: no probe targets, reasons, logs or other services.
 */
export const statusPageSchema = z.strictObject({
  slug: z
    .string()
    .regex(STATUS_PAGE_SLUG_PATTERN, 'the slug is lower-case letters, digits and "-" (at most 64), e.g. "shop"; the page is /status/<slug>')
    .describe('The page is served at /status/<slug>.'),
  title: z.string().trim().min(1).max(120).describe('The page\'s heading, e.g. "Shop status".'),
  description: z.string().max(2000).optional().describe('A line or two under the heading (plain text).'),
  services: z
    .array(statusPageServiceSchema)
    .min(1, 'choose at least one service to show')
    .max(500)
    .describe('The services shown, in this order; no other service is visible through the page.'),
  heartbeats: z.number().int().min(10).max(100).default(50).describe('How many of the latest checks each heartbeat bar shows.'),
  enabled: z.boolean().default(true).describe('false keeps the settings but serves no page (404).'),
});

export type StatusPageConfig = z.infer<typeof statusPageSchema>;
