/**
 * The public status page (/status/<slug>) and the incident notes operators write for it.
 * `PublicStatusPage` is everything the page may show: the server renders nothing else, so a field
 * added here is a field made public.
 */

/** How bad an incident is for the people reading the page: maintenance is planned work. */
export const STATUS_NOTE_IMPACTS = ['none', 'minor', 'major', 'maintenance'] as const;
export type StatusNoteImpact = (typeof STATUS_NOTE_IMPACTS)[number];

/** Where an incident stands, as status pages word it (Atlassian Statuspage, Uptime Kuma). */
export const STATUS_NOTE_STATES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type StatusNoteState = (typeof STATUS_NOTE_STATES)[number];

export interface StatusNoteUpdate {
  at: number;
  state: StatusNoteState;
  body: string;
  /** Who wrote it (console only; the public page never shows it). */
  by: string;
}

/** An incident note: a title, its impact, and its updates newest first (the first one written is the last). */
export interface StatusNote {
  id: number;
  title: string;
  impact: StatusNoteImpact;
  state: StatusNoteState;
  createdAt: number;
  updatedAt: number;
  resolvedAt: number | null;
  updates: StatusNoteUpdate[];
}

/** Where the workspace's status page is, for the console's link; null when it has none. */
export interface StatusPageInfo {
  slug: string;
  title: string;
  /** "/status/shop": relative to the server's address. */
  path: string;
  enabled: boolean;
  services: string[];
}

/** A service's state in words a visitor understands (no "given_up", no reasons). */
export type PublicServiceState = 'operational' | 'degraded' | 'down' | 'unknown';

export interface PublicHeartbeat {
  at: number;
  status: 'up' | 'pending' | 'down';
  latencyMs: number | null;
}

export interface PublicStatusService {
  /** The public name (status_page.services[].name), never anything else about the service. */
  name: string;
  state: PublicServiceState;
  beats: PublicHeartbeat[];
  availability: { '24h': number | null; '30d': number | null };
}

export interface PublicStatusNoteUpdate {
  at: number;
  state: StatusNoteState;
  body: string;
}

export interface PublicStatusNote {
  title: string;
  impact: StatusNoteImpact;
  state: StatusNoteState;
  createdAt: number;
  resolvedAt: number | null;
  updates: PublicStatusNoteUpdate[];
}

export interface PublicStatusPage {
  slug: string;
  title: string;
  description: string | null;
  generatedAt: number;
  overall: PublicServiceState;
  services: PublicStatusService[];
  notes: PublicStatusNote[];
}
