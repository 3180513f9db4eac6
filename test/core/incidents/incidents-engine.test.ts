import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/shared/types/operate';
import type { IncidentDetail } from '../../../src/shared/contract/incidents';
import type { Explanation, IncidentView } from '../../../src/shared/types/incidents';
import { freePort } from '../../helpers/free-port';
import { serveEngine } from '../../helpers/serve-engine';
import { waitFor } from '../../helpers/wait-for';

/**
 * Incidents on real processes: three HTTP services, web -> api -> db, where only api -> db is
 * declared (web calls api without saying so). db is broken; every probe fails; the incident
 * opens, ranks db first with evidence (the walk follows web's undeclared call, seen in its
 * error lines), is kept in SQLite, can be confirmed (audited) and explained.
 */
const SERVER = `const http = require('node:http');
const [name, port, upstream] = process.argv.slice(2);
let broken = false;
http.createServer(async (req, res) => {
  if (req.url === '/break') { broken = true; res.end('ok'); return; }
  if (broken) { console.error(name + ': refusing requests'); res.statusCode = 503; res.end('broken'); return; }
  if (upstream) {
    try {
      const answer = await fetch('http://127.0.0.1:' + upstream + '/health');
      if (!answer.ok) throw new Error('status ' + answer.status);
    } catch (error) {
      console.error('error: upstream 127.0.0.1:' + upstream + ' failed: ' + error.message);
      res.statusCode = 502; res.end('upstream'); return;
    }
  }
  res.end('ok');
}).listen(Number(port), '127.0.0.1');
`;

describe('incidents on real services', () => {
  it(
    'opens an incident when probes fail, ranks the broken dependency first with its evidence, and keeps, confirms and explains it',
    { timeout: 90_000 },
    async () => {
      const [db, api, web] = [await freePort(), await freePort(), await freePort()];
      const probe = (port: number) => `probes: [{ http: "http://127.0.0.1:${port}/health", every: 250ms, timeout: 250ms }]`;
      const { call, engine } = await serveEngine(
        `version: 1
machine: false
evaluation_interval: 1s
services:
  db:
    start: [${JSON.stringify(process.execPath)}, server.js, db, "${db}"]
    ${probe(db)}
  api:
    start: [${JSON.stringify(process.execPath)}, server.js, api, "${api}", "${db}"]
    depends_on: [db]
    ${probe(api)}
  web:
    start: [${JSON.stringify(process.execPath)}, server.js, web, "${web}", "${api}"]
    ${probe(web)}
rules:
  - alert: ServiceDown
    expr: probe_success == 0
    labels: { severity: critical }
`,
        { files: { 'server.js': SERVER } },
      );
      const samples = (service: string): number => {
        const [series] = engine.series.index.select('probe_success', [{ name: 'service', type: '=', value: service }]);
        return series === undefined ? 0 : engine.series.reader.readRaw(series.id, 0, Number.MAX_SAFE_INTEGER).values.filter((value) => value === 1).length;
      };
      // A baseline first: enough healthy samples of every service before anything breaks.
      await waitFor(() => ['db', 'api', 'web'].every((service) => samples(service) >= 50), { timeoutMs: 45_000, what: 'a healthy baseline' });
      expect((await call<IncidentView[]>('GET', '/incidents')).body).toEqual([]);

      await fetch(`http://127.0.0.1:${db}/break`);
      let last: IncidentView | undefined;
      const incident = await waitFor(
        async () => {
          const [newest] = (await call<IncidentView[]>('GET', '/incidents')).body;
          last = newest;
          return newest !== undefined && newest.services.length === 3 && newest.alerts.length > 0 && newest.causes[0]?.target === 'db' && newest.rankings >= 2
            ? newest
            : undefined;
        },
        { timeoutMs: 30_000, what: 'an incident with db ranked first' },
      ).catch(async (error: Error) => {
        const alerts = (await call<{ alertname: string; state: string; labels: Record<string, string> }[]>('GET', '/alerts')).body;
        // The ranking as it stood, so a failure says what was ranked instead.
        const causes = last?.causes.slice(0, 4).map((cause) => `${cause.kind}:${cause.target} ${cause.score.toFixed(3)}`);
        throw new Error(
          `${error.message}; the newest incident: services ${last?.services.join(', ') ?? 'none'}, rankings ${last?.rankings ?? 0}, causes ${causes?.join(' > ') ?? 'none'}; alerts ${JSON.stringify(alerts.map((alert) => [alert.alertname, alert.state, alert.labels.service]))}`,
        );
      });
      expect(incident.status).toBe('open');
      expect(incident.alerts.map((alert) => alert.alertname)).toContain('ServiceDown');
      const top = incident.causes[0];
      expect(top).toMatchObject({ kind: 'service', service: 'db' });
      expect(top?.score).toBeGreaterThan(0);
      expect(top?.evidence.some((evidence) => evidence.kind === 'deviation' && evidence.link?.kind === 'chart')).toBe(true);
      expect(top?.evidence.some((evidence) => evidence.kind === 'graph' && evidence.text.includes('api depends on db (declared in depends_on)'))).toBe(true);
      // web's call to api is not declared: its error lines name api's port, and the walk follows them.
      const webCause = incident.causes.find((cause) => cause.target === 'api');
      expect(webCause?.evidence.some((evidence) => evidence.text.includes('web depends on api (seen in its logs)'))).toBe(true);

      // Kept in SQLite, with the ranking's history.
      const detail = (await call<IncidentDetail>('GET', `/incidents/${incident.id}`)).body;
      expect(detail.history.length).toBeGreaterThanOrEqual(1);
      const row = engine.db.prepare<[number], { causes: string }>('SELECT causes FROM incidents WHERE id = ?').get(incident.id);
      expect((JSON.parse(row?.causes ?? '[]') as { target: string }[])[0]?.target).toBe('db');

      const confirmed = await call<IncidentView>('POST', `/incidents/${incident.id}/confirm`, { kind: 'service', target: 'db' });
      expect(confirmed.status).toBe(200);
      expect(confirmed.body.confirmed).toMatchObject({ kind: 'service', target: 'db' });
      const audit = (await call<AuditEntry[]>('GET', `/audit?target=${encodeURIComponent(`incident ${incident.id}`)}`)).body;
      expect(audit.map((entry) => entry.action)).toEqual(['incident.confirm']);

      const why = (await call<Explanation>('POST', '/assistant/explain', { question: 'why', service: 'web', symptom: 'down' })).body;
      expect(why.incidentIds).toEqual([incident.id]);
      expect(why.lines.some((line) => line.text.includes('The most likely cause is the service db'))).toBe(true);
      expect(why.lines.some((line) => line.links.some((link) => link.kind === 'chart'))).toBe(true);
      const unknown = await call<{ error: { message: string } }>('POST', '/assistant/explain', { question: 'why', service: 'dbb' });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toContain('did you mean "db"');
    },
  );
});
