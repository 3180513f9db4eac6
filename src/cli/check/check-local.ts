import path from 'node:path';
import { fileLabel } from '../../core/config/active-workspace';
import { defaultWorkspaceYaml } from '../../core/config/default-workspace';
import { resolveMaxWorkspaceBytes } from '../../core/config/input-limits';
import { locateWorkspace } from '../../core/config/locate-workspace';
import { parseWorkspace } from '../../core/config/parse-workspace';
import { readTextFile } from '../../core/config/read-text-file';
import type { WorkspaceConfig } from '../../core/config/schema';
import { dependencyProblems, startLevels, type DependencyMap } from '../../core/config/dependency-graph';
import { CHECK_REPORT_SCHEMA_ID, summarize, type CheckMode, type CheckReport, type ProbeResult, type ServiceResult } from '../../shared/check/check-report';
import { infrastructureServices } from './dependency-roles';
import { startVitals } from './machine-vitals';
import { checkProbesOnce } from './probes-once';
import { builtinKinds } from '../../core/builtin-kinds';

export interface LocalCheckOptions {
  workspace?: string;
  environment?: string;
  mode: CheckMode;
  processEnv?: NodeJS.ProcessEnv;
}

/** `zervigo check` without a console: the file validated, the start order, every probe once, the machine. */
export async function checkLocally(options: LocalCheckOptions): Promise<CheckReport> {
  const at = Date.now();
  const started = performance.now();
  const file = locateWorkspace(options.workspace);
  const label = fileLabel(file);
  const processEnv = options.processEnv ?? process.env;
  const maxBytes = resolveMaxWorkspaceBytes();
  const read = file === null ? { ok: true as const, text: defaultWorkspaceYaml } : readTextFile(file, maxBytes, 'the workspace file');
  const parsed = read.ok
    ? parseWorkspace(read.text, { kinds: builtinKinds, file: label, environment: options.environment ?? null, processEnv, maxBytes })
    : { ok: false as const, issues: [{ file: label, line: read.problem.line, col: read.problem.col, path: '', message: read.problem.message }] };
  const base = { schema: CHECK_REPORT_SCHEMA_ID, mode: options.mode, source: 'local', at };
  if (!parsed.ok) {
    const report = {
      ...base,
      durationMs: performance.now() - started,
      workspace: { file: label, name: null, environment: options.environment ?? null, valid: false, issues: parsed.issues },
      order: null,
      services: [],
      machine: null,
    };
    return { ...report, summary: summarize(report) };
  }
  const config = parsed.workspace.config;
  const graph: DependencyMap = Object.fromEntries(Object.entries(config.services).map(([name, service]) => [name, service.depends_on]));
  const problems = dependencyProblems(graph);
  const order = { levels: problems.length > 0 ? [] : startLevels(graph, Object.keys(graph)), problems };
  const infra = infrastructureServices(graph);
  const chosen = servicesFor(options.mode, config, infra);
  const withMachine = (options.mode === 'all' || options.mode === 'infra') && config.machine !== false;
  const vitals = withMachine && config.machine !== false ? await startVitals({ mounts: config.machine.mounts, interfaces: config.machine.interfaces }) : null;
  const probes =
    options.mode === 'order'
      ? new Map<string, ProbeResult>()
      : await checkProbesOnce(config, { workspaceDir: file === null ? process.cwd() : path.dirname(file), processEnv, services: new Set(chosen) });
  const services = chosen.map((name) => serviceResult(name, config, infra, probes));
  const machine = vitals === null ? null : await vitals.finish();
  const report = {
    ...base,
    durationMs: performance.now() - started,
    workspace: { file: label, name: config.name ?? null, environment: parsed.workspace.environment, valid: true, issues: [] },
    order,
    services,
    machine,
  };
  return { ...report, summary: summarize(report) };
}

function servicesFor(mode: CheckMode, config: WorkspaceConfig, infra: ReadonlySet<string>): string[] {
  const all = Object.keys(config.services);
  if (mode === 'order') return [];
  return mode === 'infra' ? all.filter((name) => infra.has(name)) : all;
}

function serviceResult(name: string, config: WorkspaceConfig, infra: ReadonlySet<string>, results: ReadonlyMap<string, ProbeResult>): ServiceResult {
  const service = config.services[name];
  const probes = [...results.values()].filter((probe) => probe.id.startsWith(`${name}/`));
  const down = probes.find((probe) => probe.status === 'down');
  const active = probes.filter((probe) => probe.status !== 'paused');
  const status: ServiceResult['status'] = down !== undefined ? 'down' : active.length === 0 ? 'not_checked' : 'up';
  const reason =
    down !== undefined
      ? `${down.id.slice(name.length + 1)}: ${down.reason ?? 'failed'}`
      : active.length === 0
        ? probes.length === 0
          ? 'no probes'
          : 'every probe is paused'
        : null;
  return { name, status, reason, infra: infra.has(name), dependsOn: service?.depends_on ?? [], probes };
}
