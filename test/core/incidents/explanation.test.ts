import { describe, expect, it } from 'vitest';
import { explain, type ExplainSources } from '../../../src/core/incidents/explanation';
import type { IncidentView } from '../../../src/shared/types/incidents';
import type { ServiceView } from '../../../src/shared/types/service';

const NOW = Date.UTC(2026, 11, 5, 8, 0, 0);

function incident(overrides: Partial<IncidentView>): IncidentView {
  return {
    id: 4,
    title: 'api, db: likely db',
    status: 'open',
    start: NOW - 600_000,
    end: null,
    services: ['api', 'db'],
    alerts: [{ fingerprint: 'f1', alertname: 'ServiceDown', service: 'api', firedAt: NOW - 590_000, resolvedAt: null }],
    anomalies: [],
    outages: [],
    causes: [
      {
        kind: 'service',
        target: 'db',
        service: 'db',
        score: 0.7,
        evidence: [
          { kind: 'deviation', text: 'probe_success{service="db"} fell to 0', link: { kind: 'chart', query: 'probe_success{service="db"}', start: 0, end: 1 } },
        ],
      },
    ],
    note: null,
    rankedAt: NOW,
    rankings: 3,
    confirmed: null,
    previous: { incidentId: 2, start: NOW - 86_400_000, cause: { kind: 'service', target: 'db', by: 'alice', at: NOW - 86_000_000 } },
    ...overrides,
  };
}

const api = { name: 'api', status: 'down', reason: 'HTTP 502' } as ServiceView;

function sources(incidents: IncidentView[]): ExplainSources {
  return {
    now: NOW,
    services: [api],
    incidents: (start, end) => incidents.filter((entry) => entry.start <= end && (entry.end ?? NOW) >= start),
    changes: () => [
      {
        target: 'workspace version 7',
        kind: 'workspace',
        at: NOW - 700_000,
        services: ['api'],
        actor: 'app',
        detail: 'workspace version 7 changed api',
        link: { kind: 'workspace', versionId: 7, previousVersionId: 6 },
      },
    ],
  };
}

describe('explanations', () => {
  it('why: the incident, its top cause with each claim linked, and what was confirmed last time', () => {
    const answer = explain({ question: 'why', service: 'api', symptom: 'down' }, sources([incident({})]), () => undefined);
    expect(answer.question).toBe('why is api down?');
    expect(answer.incidentIds).toEqual([4]);
    const texts = answer.lines.map((line) => line.text);
    expect(texts[0]).toBe('api is down now: HTTP 502.');
    expect(texts).toContain('The most likely cause is the service db (score 0.7).');
    // Names and selectors keep their case at the start of a sentence.
    expect(texts.some((text) => text.startsWith('Probe_success'))).toBe(false);
    expect(answer.lines.find((line) => line.text.startsWith('probe_success{service="db"} fell to 0'))?.links).toEqual([
      { kind: 'chart', query: 'probe_success{service="db"}', start: 0, end: 1 },
    ]);
    expect(texts.at(-1)).toMatch(/^Last time \(incident 2, .*\) the cause was db, confirmed by alice\.$/);
  });

  it('never invents a cause: no incident, or an incident without evidence, is said as such', () => {
    expect(explain({ question: 'why', service: 'api' }, sources([]), () => undefined).lines.at(-1)?.text).toBe(
      'No incident involves api in the last day, so there is no evidence to explain it with.',
    );
    const bare = incident({ causes: [], note: 'no evidence points at a cause: no service moved from its baseline', previous: null });
    expect(explain({ question: 'why', service: 'api' }, sources([bare]), () => undefined).lines.at(-1)?.text).toBe(
      'No evidence points at a cause: no service moved from its baseline.',
    );
  });

  it('what changed before: the changes in the hour before the onset, each linked to its diff', () => {
    const answer = explain({ question: 'what_changed', service: 'api' }, sources([incident({})]), () => undefined);
    const change = answer.lines.find((line) => line.text.includes('workspace version 7 changed api'));
    expect(change?.links).toEqual([{ kind: 'workspace', versionId: 7, previousVersionId: 6 }]);
  });

  it('what happened: one line per incident in the range, or that nothing did', () => {
    expect(explain({ question: 'what_happened', range: '12h' }, sources([incident({})]), () => undefined).lines.map((line) => line.text)).toEqual([
      '1 incident, oldest first:',
      'Incident 4, since 07:50:00 UTC, still open: api, db had trouble; most likely the service db.',
    ]);
    expect(
      explain({ question: 'what_happened', range: '1h', end: new Date(NOW - 7_200_000).toISOString() }, sources([incident({})]), () => undefined).lines[0]
        ?.text,
    ).toMatch(/^Nothing happened: no incident between/);
  });
});
