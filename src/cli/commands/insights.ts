import type { Command } from 'commander';
import { formatDuration } from '../../shared/duration';
import { ZervigoError } from '../../shared/errors';
import type { InsightsView } from '../../shared/types/insights';
import { dataDirOf } from '../options';
import { formatTimestamp, printTable } from '../output';
import { DEFAULT_URL, resolveToken, serverClient } from '../server-client';

/**
 * `zervigo insights`: what the running console's analysis found (anomalies, incidents,
 * forecasts, notices). Analysis lives in the running engine, so this asks it (GET /insights);
 * `--json` prints exactly what the API returns.
 */
const KINDS = ['anomaly', 'incident', 'forecast', 'notice'];

export function registerInsightsCommand(program: Command): void {
  program
    .command('insights')
    .description('anomalies, incidents and forecasts the running console found (GET /api/v1/insights)')
    .option('--service <name>', "only this service's insights")
    .option('--kind <kind>', `only one kind: ${KINDS.join(', ')}`)
    .option('--json', 'print what GET /api/v1/insights returns')
    .option('--url <url>', `the server (default: $ZERVIGO_URL, else ${DEFAULT_URL})`)
    .option('--token <token>', 'the API token (default: $ZERVIGO_TOKEN, else the one in the data folder)')
    .action(async (options: { service?: string; kind?: string; json?: boolean; url?: string; token?: string }, command: Command) => {
      if (options.kind !== undefined && !KINDS.includes(options.kind))
        throw new ZervigoError('invalid_input', `--kind is one of ${KINDS.join(', ')}, not "${options.kind}"`);
      const client = serverClient(options.url ?? process.env.ZERVIGO_URL ?? DEFAULT_URL, resolveToken(dataDirOf(command), options.token));
      const query = new URLSearchParams();
      if (options.service !== undefined) query.set('service', options.service);
      if (options.kind !== undefined) query.set('kind', options.kind);
      const view = await client.call<InsightsView>('GET', `/insights${query.size > 0 ? `?${query.toString()}` : ''}`);
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify(view)}\n`);
        return;
      }
      for (const line of describeInsights(view)) process.stdout.write(`${line}\n`);
    });
}

export function describeInsights(view: InsightsView): string[] {
  const lines: string[] = [];
  const write = (line: string): void => void lines.push(line);
  const when = (start: number, end: number | null): string =>
    end === null ? `since ${formatTimestamp(start)} (ongoing)` : `${formatTimestamp(start)} for ${formatDuration(Math.max(0, end - start))}`;
  for (const notice of view.notices) write(`note: ${notice.summary}`);
  if (view.incidents.length > 0) {
    write(`Incidents (${view.incidents.length})`);
    printTable(
      ['WHEN', 'SERVICES', 'FIRST MOVER', 'SERIES', 'PEAK'],
      view.incidents.map((incident) => [
        when(incident.startedAt, incident.endedAt),
        incident.services.join(', '),
        incident.firstMover.selector,
        String(incident.series.length),
        formatScore(incident.peakScore),
      ]),
      write,
    );
    write('');
  }
  if (view.anomalies.length > 0) {
    write(`Anomalies (${view.anomalies.length})`);
    printTable(
      ['WHEN', 'SERIES', 'VALUE', 'TYPICAL', 'PEAK'],
      view.anomalies.map((anomaly) => [
        when(anomaly.startedAt, anomaly.endedAt),
        anomaly.series.selector,
        String(round(anomaly.value)),
        String(round(anomaly.typical)),
        formatScore(anomaly.peakScore),
      ]),
      write,
    );
    write('');
  }
  if (view.forecasts.length > 0) {
    write(`Forecasts (${view.forecasts.length})`);
    printTable(
      ['SERIES', 'THRESHOLD', 'FORECAST'],
      view.forecasts.map((forecast) => [forecast.series.selector, String(forecast.threshold), forecast.summary.slice(forecast.series.selector.length + 1)]),
      write,
    );
    write('');
  }
  if (lines.length === 0) write(`Nothing unusual: ${view.scoredSeries} series scored, ${view.forecastSeries} forecast.`);
  else write(`${view.scoredSeries} series scored, ${view.forecastSeries} forecast.`);
  return lines;
}

/** Scores are read against 0.99 and 0.999: truncated, never rounded up to a 1 the detector never gives. */
function formatScore(score: number): string {
  return (Math.floor(score * 10_000) / 10_000).toFixed(4);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
