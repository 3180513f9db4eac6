import type { Command } from 'commander';
import { formatDuration } from '../../shared/duration';
import { ZervigoError } from '../../shared/errors';
import type { AdviceApplyResult, AdviceInsight, InsightsView } from '../../shared/types/insights';
import { formatTimestamp, printTable } from '../output';
import { consoleClient, withServerOptions, type ServerFlags } from '../console-call';

/**
 * `zervigo insights`: what the running console's analysis found (anomalies, incidents,
 * forecasts, advice, notices). Analysis lives in the running engine, so this asks it (GET
 * /insights); `--json` prints exactly what the API returns. `zervigo insights dismiss|apply <id>`
 * act on one piece of advice.
 */
const KINDS = ['anomaly', 'incident', 'forecast', 'advice', 'finding', 'notice'];

type ServerOptions = Pick<ServerFlags, 'url' | 'token'>;

export function registerInsightsCommand(program: Command): void {
  const insights = withServerOptions(
    program
      .command('insights')
      .description('anomalies, incidents, forecasts, advice and findings of analysers the running console found (GET /api/v1/insights)')
      .option('--service <name>', "only this service's insights")
      .option('--kind <kind>', `only one kind: ${KINDS.join(', ')}`)
      .option('--json', 'print what GET /api/v1/insights returns'),
  ).action(async (options: { service?: string; kind?: string; json?: boolean } & ServerOptions, command: Command) => {
    if (options.kind !== undefined && !KINDS.includes(options.kind))
      throw new ZervigoError('invalid_input', `--kind is one of ${KINDS.join(', ')}, not "${options.kind}"`);
    const client = consoleClient(command, options);
    const query = new URLSearchParams();
    if (options.service !== undefined) query.set('service', options.service);
    if (options.kind !== undefined) query.set('kind', options.kind);
    const view = await client.call<InsightsView>('GET', `/insights${query.size > 0 ? `?${query.toString()}` : ''}`);
    if (options.json === true) {
      process.stdout.write(`${JSON.stringify(view)}\n`);
      return;
    }
    for (const line of describeInsights(view, { service: options.service, kind: options.kind })) process.stdout.write(`${line}\n`);
  });
  withServerOptions(insights.command('dismiss <id>').description('hide one piece of advice for good (operator)')).action(
    async (id: string, options: ServerOptions, command: Command) => {
      await consoleClient(command, options).call<InsightsView>('POST', `/insights/advice/${encodeURIComponent(id)}/dismiss`, {});
      process.stdout.write(`dismissed ${id}\n`);
    },
  );
  withServerOptions(
    insights
      .command('apply <id>')
      .description('make the workspace change a piece of advice suggests (admin): prints the diff; --yes saves it into the config history')
      .option('--yes', 'save the change (without it, only the diff is shown)')
      .option('--base <version>', 'save only if this workspace version still runs (the one the diff shown was made on)', parsePositiveInt)
      .option('--confirm', 'confirm in an environment that asks before changes (confirm_destructive)'),
  ).action(async (id: string, options: { yes?: boolean; confirm?: boolean; base?: number } & ServerOptions, command: Command) => {
    const result = await consoleClient(command, options).call<AdviceApplyResult>('POST', `/insights/advice/${encodeURIComponent(id)}/apply`, {
      dryRun: options.yes !== true,
      confirm: options.confirm === true,
      ...(options.base === undefined ? {} : { baseVersionId: options.base }),
    });
    process.stdout.write(`${result.change}\n${result.diff}`);
    for (const issue of result.issues) process.stdout.write(`problem: ${issue.path} ${issue.message}\n`);
    if (result.applied) process.stdout.write(`saved as version ${String(result.versionId)}\n`);
    else if (result.issues.length === 0)
      process.stdout.write(
        `not saved: \`zervigo insights apply '${id}' --yes --base ${result.baseVersionId}\` saves this diff (refused if the workspace changes meanwhile)\n`,
      );
  });
}

/** `filter`: what --service and --kind asked for, named when nothing matched (a typo then shows). */
export function describeInsights(view: InsightsView, filter: { service?: string; kind?: string } = {}): string[] {
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
        String(incident.series.length + incident.moreSeries),
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
  // Older servers send no findings.
  const findings = view.findings ?? [];
  if (findings.length > 0) {
    write(`Findings of analysers (${findings.length})`);
    printTable(
      ['WHEN', 'ANALYSER', 'SEVERITY', 'FINDING'],
      findings.map((finding) => [when(finding.startedAt, finding.endedAt), finding.analyser, finding.severity, `${finding.target}: ${finding.summary}`]),
      write,
    );
    write('');
  }
  if (view.advice.length > 0) {
    write(`Advice (${view.advice.length})`);
    for (const advice of view.advice) for (const line of describeAdvice(advice)) write(line);
  }
  const asked = [filter.kind === undefined ? '' : `of kind ${filter.kind}`, filter.service === undefined ? '' : `for service ${filter.service}`].filter(
    Boolean,
  );
  if (lines.length === 0 && asked.length > 0) write(`Nothing ${asked.join(' ')}: ${view.scoredSeries} series scored in all, ${view.forecastSeries} forecast.`);
  else if (lines.length === 0) write(`Nothing unusual: ${view.scoredSeries} series scored, ${view.forecastSeries} forecast.`);
  else write(`${view.scoredSeries} series scored, ${view.forecastSeries} forecast.`);
  return lines;
}

function describeAdvice(advice: AdviceInsight): string[] {
  return [
    `${advice.title}  [${advice.id}]`,
    `  ${advice.summary}`,
    `  evidence: ${advice.facts.map((fact) => fact.text).join('; ')}`,
    ...(advice.charts.length > 0 ? [`  chart: ${advice.charts.map((chart) => chart.query).join(', ')}`] : []),
    advice.apply === null ? '  nothing to apply' : `  apply: ${advice.apply.change}  (zervigo insights apply '${advice.id}')`,
    '',
  ];
}

/** Scores are read against 0.99 and 0.999: truncated, never rounded up to a 1 the detector never gives. */
function formatScore(score: number): string {
  return (Math.floor(score * 10_000) / 10_000).toFixed(4);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function parsePositiveInt(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new ZervigoError('invalid_input', `--base is a workspace version number (\`zervigo config history\`), not "${text}"`);
  return value;
}
