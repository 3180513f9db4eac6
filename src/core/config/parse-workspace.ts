import path from 'node:path';
import { isMap, isPair, isScalar, LineCounter, visit, type Document, type Node, type Scalar } from 'yaml';
import type { z } from 'zod';
import type { ConfigIssue } from '../../shared/types/workspace';
import { formatIssuePath, friendlyIssueMessage } from '../../shared/zod-message';
import { didYouMean } from './did-you-mean';
import {
  bytesOverLimit,
  controlCharacterMessage,
  DEFAULT_MAX_WORKSPACE_BYTES,
  firstControlCharacter,
  nestedTooDeeply,
  nestsTooDeeply,
  oversizeMessage,
} from './input-limits';
import { sourceOffsetOf } from './scalar-position';
import { resolveFileOptions } from './plugin-file-options';
import {
  ANALYSER_LIST,
  LOG_PARSER_LIST,
  movePluginKindList,
  movePluginProbes,
  pluginProbeProblems,
  resolvePluginFileOptions,
  workspacePluginProblems,
  type PluginKindLookup,
} from './plugin-kinds';
import { knownKeysAt } from './schema-keys';
import { LOCAL_HOST } from '../../shared/fleet-hosts';
import { workspaceSchemaFor, type WorkspaceConfig, type WorkspaceKinds } from './schema';
import { firstSyntaxProblem } from './yaml-syntax-error';
import { probeQuotaProblems } from './workspace-quotas';
import type { WorkspaceQuotas } from '../../shared/types/hosted-workspaces';
import { isWholeReference, substitute } from './substitute';
import { REPLICA_VARIABLES } from './replica-variables';
import { parseYamlDocument } from './yaml-document';

export interface ParsedWorkspace {
  config: WorkspaceConfig;
  /** The active environment, or null when the workspace defines none. */
  environment: string | null;
  vars: Record<string, string>;
}

export type ParseResult = { ok: true; workspace: ParsedWorkspace } | { ok: false; issues: ConfigIssue[] };

export interface ParseOptions {
  file: string;
  /** An environment chosen outside the file (app setting, --env), overriding `environment:`. */
  environment?: string | null;
  processEnv?: NodeJS.ProcessEnv;
  /** Texts over this many bytes are refused before parsing (default 4 MiB). */
  maxBytes?: number;
  /** The kinds the registries hold (built-ins and plugins' in-process kinds): the workspace schema is assembled from them. */
  kinds: WorkspaceKinds;
  /** Probe kinds that installed plugins contribute; without it, only the built-in kinds are known. */
  pluginKinds?: PluginKindLookup;
  /** The console's agents: a probe's `from` naming another is refused. Without it, `from` is not checked (no fleet here). */
  agents?: readonly string[];
  /** The server's limits on this workspace: probes over the count or under the interval are refused. */
  quotas?: WorkspaceQuotas;
}

/** yaml's alias expansion bound: a "billion laughs" file is refused, not expanded. */
const MAX_ALIAS_COUNT = 100;

/**
 * Reads a workspace text into a validated config, or into a list of issues each located at
 * file:line:col. Positions come from the YAML document, so even a value produced by ${VAR}
 * substitution is reported where it is written.
 */
export function parseWorkspace(text: string, options: ParseOptions): ParseResult {
  const lineCounter = new LineCounter();
  const at = (offset: number, path: string, message: string): ConfigIssue => {
    const position = lineCounter.linePos(offset);
    return { file: options.file, line: position.line, col: position.col, path, message };
  };
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_WORKSPACE_BYTES;
  const bytes = bytesOverLimit(text, maxBytes);
  if (bytes !== null)
    return { ok: false, issues: [{ file: options.file, line: 1, col: 1, path: '', message: oversizeMessage('the workspace', bytes, maxBytes) }] };
  const control = firstControlCharacter(text);
  if (control !== -1) {
    const before = text.slice(0, control);
    const line = before.split('\n').length;
    return {
      ok: false,
      issues: [{ file: options.file, line, col: control - before.lastIndexOf('\n'), path: '', message: controlCharacterMessage(text, control) }],
    };
  }
  try {
    return parseChecked(text, options, lineCounter, at);
  } catch (error) {
    // Every recursive step after parsing is bounded by the nesting limit; this is the backstop.
    if (error instanceof RangeError) return { ok: false, issues: [at(0, '', nestedTooDeeply())] };
    throw error;
  }
}

function parseChecked(text: string, options: ParseOptions, lineCounter: LineCounter, at: At): ParseResult {
  const doc = parseYamlDocument(text, { lineCounter, uniqueKeys: true });
  // Only the first syntax error: the ones after it are the parser's confusion, not more mistakes.
  const syntax = firstSyntaxProblem(text, doc.errors);
  if (syntax !== null) return { ok: false, issues: [at(syntax.offset, '', syntax.message)] };
  if (doc.contents === null) return { ok: false, issues: [at(0, '', 'the workspace file is empty; it starts with "version: 1"')] };
  if (!isMap(doc.contents))
    return { ok: false, issues: [at(rangeStart(doc.contents), '', 'the workspace must be a mapping of keys (version, services, ...)')] };

  const chosen = chooseEnvironment(doc, options.environment ?? null);
  if (!chosen.ok) return { ok: false, issues: [at(chosen.offset, 'environment', chosen.message)] };

  const processEnv = options.processEnv ?? process.env;
  const lookup = (name: string): string | undefined => chosen.vars[name] ?? processEnv[name];
  const substitutionIssues = substituteScalars(doc, lookup, at);
  if (substitutionIssues.length > 0) return { ok: false, issues: substitutionIssues };

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, issues: [at(0, '', nestedTooDeeply())] };
    const message = /alias count/i.test((error as Error).message)
      ? `aliases (*name) expand to too much (limit ${MAX_ALIAS_COUNT}); is this an alias bomb?`
      : (error as Error).message;
    return { ok: false, issues: [at(0, '', message)] };
  }
  // Aliases can nest deeper than the text does (each one a level): checked before validation recurses.
  if (nestsTooDeeply(raw)) return { ok: false, issues: [at(0, '', nestedTooDeeply())] };
  const pluginKinds = options.pluginKinds;
  const lists = pluginKinds === undefined ? [] : [ANALYSER_LIST, LOG_PARSER_LIST].map((where) => movePluginKindList(raw, pluginKinds, where));
  const uses = pluginKinds === undefined ? [] : [...movePluginProbes(raw, pluginKinds), ...lists.flatMap((list) => list.uses)];
  // A plugin probe's file options are read relative to the workspace file, like its other paths.
  for (const use of uses) resolveFileOptions(use.options, use.info.files, path.dirname(path.resolve(options.file)));
  // So are a plugin channel's and action's.
  if (pluginKinds !== undefined) resolvePluginFileOptions(raw, pluginKinds, path.dirname(path.resolve(options.file)));
  const pluginProblems =
    pluginKinds === undefined
      ? []
      : [...workspacePluginProblems(raw, pluginKinds, options.file), ...pluginProbeProblems(uses), ...lists.flatMap((list) => list.problems)];
  const pluginIssues = pluginProblems.map((problem) => at(rangeStart(nodeAt(doc, problem.path)), formatIssuePath(problem.path), problem.message));
  const schema = workspaceSchemaFor(options.kinds);
  const parsed = schema.safeParse(raw, { error: friendlyIssueMessage });
  if (!parsed.success || pluginIssues.length > 0) {
    const schemaIssues = parsed.success
      ? []
      : locateIssues(schema, doc, parsed.error, at, text, (path) => (isProbePath(path) ? (pluginKinds?.probeKinds() ?? []) : []));
    return { ok: false, issues: [...schemaIssues, ...pluginIssues].sort((a, b) => a.line - b.line || a.col - b.col) };
  }

  const fromIssues = attachProbeSources(parsed.data, raw, options.agents, (path, message) => at(rangeStart(nodeAt(doc, path)), formatIssuePath(path), message));
  if (fromIssues.length > 0) return { ok: false, issues: fromIssues };
  const quotaIssues = probeQuotaProblems(parsed.data, options.quotas).map((problem) =>
    at(rangeStart(nodeAt(doc, problem.path)), formatIssuePath(problem.path), problem.message),
  );
  if (quotaIssues.length > 0) return { ok: false, issues: quotaIssues };

  const environment = chosen.name ?? null;
  return { ok: true, workspace: { config: parsed.data, environment, vars: chosen.vars } };
}

/**
 * Probes with `from`: each place must be `local` or one of the console's agents (when they are
 * known), and the probe as written is kept to be sent to the agents that run it.
 */
function attachProbeSources(
  config: WorkspaceConfig,
  raw: unknown,
  agents: readonly string[] | undefined,
  issue: (path: (string | number)[], message: string) => ConfigIssue,
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const places = agents === undefined ? undefined : [LOCAL_HOST, ...agents];
  for (const [service, serviceConfig] of Object.entries(config.services)) {
    serviceConfig.probes.forEach((probe, index) => {
      if (probe.from === undefined) return;
      if (places !== undefined) {
        probe.from.forEach((place, at) => {
          if (places.includes(place)) return;
          const hint = didYouMean(place, places);
          const known = agents?.length ? `agents: ${agents.join(', ')}` : 'no agents added: zervigo agents add NAME URL';
          issues.push(
            issue(
              ['services', service, 'probes', index, 'from', at],
              `no agent "${place}"${hint ? `; did you mean "${hint}"?` : ` (${known}; "${LOCAL_HOST}" is this engine)`}`,
            ),
          );
        });
      }
      const written = (raw as { services: Record<string, { probes: Record<string, unknown>[] }> }).services[service]?.probes[index];
      if (written !== undefined) {
        const { from: _from, ...source } = written;
        probe.source = structuredClone(source);
      }
    });
  }
  return issues;
}

export function formatIssue(issue: ConfigIssue): string {
  return `${issue.file}:${issue.line}:${issue.col}: ${issue.path === '' ? '' : `${issue.path}: `}${issue.message}`;
}

type At = (offset: number, path: string, message: string) => ConfigIssue;

type EnvironmentChoice = { ok: true; name: string | null; vars: Record<string, string> } | { ok: false; offset: number; message: string };

/** Chosen outside the file, else `environment:`, else the first one defined, else none. */
function chooseEnvironment(doc: Document, override: string | null): EnvironmentChoice {
  const environments = doc.get('environments', true);
  const defined = isMap(environments) ? environments.items.map((pair) => String(isScalar(pair.key) ? pair.key.value : pair.key)) : [];
  const fromFile = doc.get('environment');
  const name = override ?? (typeof fromFile === 'string' ? fromFile : null) ?? defined[0] ?? null;
  if (name === null) return { ok: true, name: null, vars: {} };
  if (!defined.includes(name)) {
    const node = (doc.get('environment', true) as Node | undefined) ?? (environments as Node | undefined) ?? doc.contents;
    const hint = didYouMean(name, defined);
    const message = `environment "${name}"${override !== null ? ' (chosen outside the file)' : ''} is not defined${hint ? `; did you mean "${hint}"?` : defined.length ? `; defined: ${defined.join(', ')}` : ''}`;
    return { ok: false, offset: rangeStart(node), message };
  }
  const vars: Record<string, string> = {};
  const varsNode = doc.getIn(['environments', name, 'vars']);
  if (isMap(varsNode)) {
    for (const [key, value] of Object.entries(varsNode.toJSON() as Record<string, unknown>)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') vars[key] = String(value);
    }
  }
  return { ok: true, name, vars };
}

/** Replaces ${VAR} in every string value (not keys, not the environments and dashboards sections). */
function substituteScalars(doc: Document, lookup: (name: string) => string | undefined, at: At): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  visit(doc, {
    Pair(_key, pair, path) {
      // Dashboards keep ${name}: their queries' own variables (as Grafana writes them), filled in by the console.
      if (path.length === 2 && isScalar(pair.key) && (pair.key.value === 'environments' || pair.key.value === 'dashboards')) return visit.SKIP;
      return undefined;
    },
    Scalar(key, node: Scalar, path) {
      if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('$')) return;
      const original = node.value;
      const result = substitute(original, replicatedService(path) ? keepReplicaVariables(lookup) : lookup);
      if (!result.ok) {
        issues.push(at(rangeStart(node), '', result.message));
        return;
      }
      node.value = node.type === 'PLAIN' && isWholeReference(original) ? asPlainScalar(result.value) : result.value;
    },
  });
  return issues;
}

/** Inside services.<name> that has replicas: or scale: (the ancestors visit passes). */
function replicatedService(path: readonly unknown[]): boolean {
  const services = path[2];
  const service = path[5];
  if (!isPair(services) || !isScalar(services.key) || services.key.value !== 'services' || !isMap(service)) return false;
  return service.has('replicas') || service.has('scale');
}

/** ${REPLICA} and ${PORT} of a replicated service are each replica's own, filled in when it starts (replica-vars.ts). */
function keepReplicaVariables(lookup: (name: string) => string | undefined): (name: string) => string | undefined {
  return (name) => (REPLICA_VARIABLES.includes(name) ? `\${${name}}` : lookup(name));
}

/** `port: ${API_PORT}` should read as the number 8080, as if 8080 had been written there. */
function asPlainScalar(text: string): string | number | boolean {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  return text;
}

/** services.<name>.probes[<i>]: where a plugin's probe kind is a key too. */
function isProbePath(path: readonly PropertyKey[]): boolean {
  return path.length === 4 && path[0] === 'services' && path[2] === 'probes' && typeof path[3] === 'number';
}

function locateIssues(
  schema: z.ZodType,
  doc: Document,
  error: z.ZodError,
  at: At,
  text: string,
  extraKeysAt: (path: readonly PropertyKey[]) => string[],
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path;
    if (issue.code === 'unrecognized_keys') {
      const known = [...knownKeysAt(schema, path), ...extraKeysAt(path)];
      const map = nodeAt(doc, path);
      for (const key of issue.keys) {
        const keyNode = isMap(map) ? map.items.find((pair) => isPair(pair) && isScalar(pair.key) && String(pair.key.value) === key)?.key : undefined;
        const hint = didYouMean(
          key,
          known.filter((candidate) => candidate !== key),
        );
        const message = `unknown key "${key}"${hint ? `; did you mean "${hint}"?` : known.length ? ` (allowed: ${known.join(', ')})` : ''}`;
        issues.push(at(rangeStart((keyNode as Node | undefined) ?? map), formatIssuePath(path), message));
      }
      continue;
    }
    const node = nodeAt(doc, path);
    const exact = doc.getIn(path, true) !== undefined || path.length === 0;
    // A key absent from the file: say so, rather than what its value should have been.
    const missingKey = !exact ? path.at(-1) : undefined;
    const message = missingKey !== undefined ? `"${String(missingKey)}" is required` : issue.message;
    const where = missingKey !== undefined ? formatIssuePath(path.slice(0, -1)) : formatIssuePath(path);
    issues.push(at(offsetWithin(issue, node, text) ?? rangeStart(node), where, message));
  }
  issues.sort((a, b) => a.line - b.line || a.col - b.col);
  return issues.filter((issue, i) => i === 0 || formatIssue(issue) !== formatIssue(issues[i - 1] as ConfigIssue));
}

/** The node at a path, or the deepest ancestor that exists (for a missing key, its parent map). */
function nodeAt(doc: Document, path: readonly PropertyKey[]): Node | null {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : (doc.getIn(path.slice(0, depth), true) as Node | undefined);
    if (node !== undefined && node !== null) return node;
  }
  return null;
}

/** A check that found its problem inside a string (an expression, a template) says where: point there. */
function offsetWithin(issue: z.core.$ZodIssue, node: Node | null, text: string): number | null {
  const offset = issue.code === 'custom' ? (issue.params as { offset?: unknown } | undefined)?.offset : undefined;
  if (typeof offset !== 'number' || !isScalar(node) || typeof node.value !== 'string' || node.range === undefined || node.range === null) return null;
  return sourceOffsetOf(text.slice(node.range[0], node.range[1]), node.range[0], node.value, offset);
}

function rangeStart(node: Node | null | undefined): number {
  return node?.range?.[0] ?? 0;
}
