import path from 'node:path';
import { z } from 'zod';
import { fileOptionProblems, resolveFileOptions, type FileOptions } from './plugin-file-options';

/**
 * Probe kinds contributed by plugins, as the workspace parser sees them. The parser cannot know
 * plugins (they sit above config), so the engine hands it this lookup: which names are plugin kinds,
 * whose they are, whether that plugin is enabled, and how to check a probe's options against the
 * JSON Schema the plugin declared.
 */
export interface PluginOptionProblem {
  /** Inside the options (e.g. ['address']); empty for the options as a whole. */
  path: (string | number)[];
  message: string;
}

export interface PluginKindInfo {
  plugin: string;
  enabled: boolean;
  /** The JSON Schema of the kind's options, as the plugin's manifest declares it. */
  options: Record<string, unknown>;
  /** Options that name files the engine reads for the plugin (checked at load, read at each call). */
  files: FileOptions;
  validate(options: unknown): PluginOptionProblem[];
}

export interface PluginKindLookup {
  /** Every probe kind an installed plugin contributes, enabled or not. */
  probeKinds(): string[];
  probe(kind: string): PluginKindInfo | undefined;
  /** Channel and action kinds of installed plugins (registered into the kind registries as entries of their own). */
  channelKinds(): string[];
  channel(kind: string): PluginKindInfo | undefined;
  actionKinds(): string[];
  action(kind: string): PluginKindInfo | undefined;
  /** Analyser kinds of installed plugins (analysis.analysers). */
  analyserKinds(): string[];
  analyser(kind: string): PluginKindInfo | undefined;
  /** Log parser kinds of installed plugins (logs.parsers). */
  logParserKinds(): string[];
  logParser(kind: string): PluginKindInfo | undefined;
  /** An installed plugin by id (for the workspace's `plugins:` list), or undefined when none is installed. */
  plugin(id: string): { enabled: boolean } | undefined;
  /**
   * The workspace lists a plugin that is not installed, with where from: the engine installs it in
   * the background (the workspace loads again once it is). Says how that stands, in words, or
   * undefined where nothing installs (config validate).
   */
  requestInstall?(request: { id: string; from: string; integrity: string | null }): string;
}

export type PluginFamily = 'probe' | 'channel' | 'action' | 'analyser' | 'log parser';

/** The message for a kind whose plugin is installed but disabled: the same for every family of kinds. */
export function disabledKindMessage(family: PluginFamily, kind: string, plugin: string): string {
  return `the ${family} kind "${kind}" comes from plugin ${plugin}, which is disabled; enable it (zervigo plugins enable ${plugin})`;
}

/**
 * The options schema of a plugin's channel or action kind: anything, refined against the plugin's
 * JSON Schema as it is at parse time (each problem at its own path, so it is reported at
 * file:line:col), then the files its options name (see resolvePluginFileOptions), or refused when
 * the plugin is disabled or gone.
 */
export function pluginOptionsSchema(family: 'channel' | 'action', kind: string, info: () => PluginKindInfo | undefined): z.ZodType<unknown> {
  return z.unknown().superRefine((options, ctx) => {
    const found = info();
    if (found === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `no installed plugin provides the ${family} kind "${kind}" any more; install it again (zervigo plugins install)`,
      });
      return;
    }
    if (!found.enabled) {
      ctx.addIssue({ code: 'custom', message: disabledKindMessage(family, kind, found.plugin) });
      return;
    }
    const schemaProblems = found.validate(options ?? {});
    // A file is looked at only once the options are what the schema says.
    const problems = schemaProblems.length > 0 ? schemaProblems : fileOptionProblems(options, found.files);
    for (const problem of problems) ctx.addIssue({ code: 'custom', path: problem.path, message: `plugin ${found.plugin}: ${problem.message}` });
  });
}

/** A plugin kind key found in a probe or an analyser: where it was written, and its options. */
export interface PluginProbeUse {
  family: 'probe' | 'analyser' | 'log parser';
  path: (string | number)[];
  kind: string;
  info: PluginKindInfo;
  options: unknown;
}

/**
 * Moves the `<plugin kind>: {...}` key of an entry into its `plugin` field, which the schema
 * validates like a kind key, and returns where it was written (for locating problems). Changes the
 * entry in place; an entry naming two plugin kinds keeps the second as an unknown key.
 */
function moveKindKey(
  entry: unknown,
  path: (string | number)[],
  family: PluginProbeUse['family'],
  info: (kind: string) => PluginKindInfo | undefined,
): PluginProbeUse | undefined {
  if (!isRecord(entry) || entry.plugin !== undefined) return undefined;
  const kind = Object.keys(entry).find((key) => info(key) !== undefined);
  if (kind === undefined) return undefined;
  const found = info(kind) as PluginKindInfo;
  const options = entry[kind] ?? {};
  entry.plugin = { kind, plugin: found.plugin, options };
  delete entry[kind];
  return { family, path: [...path, kind], kind, info: found, options };
}

/** Moves each probe's plugin kind key into its `plugin` field (see moveKindKey). */
export function movePluginProbes(raw: unknown, lookup: PluginKindLookup): PluginProbeUse[] {
  const uses: PluginProbeUse[] = [];
  const services = (raw as { services?: unknown } | null)?.services;
  if (!isRecord(services)) return uses;
  for (const [service, config] of Object.entries(services)) {
    const probes = isRecord(config) ? config.probes : undefined;
    if (!Array.isArray(probes)) continue;
    probes.forEach((probe: unknown, index) => {
      const use = moveKindKey(probe, ['services', service, 'probes', index], 'probe', (kind) => lookup.probe(kind));
      if (use !== undefined) uses.push(use);
    });
  }
  return uses;
}

/** Where kinds are written in a list of the workspace (analysis.analysers, logs.parsers), and how they are looked up. */
interface KindList {
  section: 'analysis' | 'logs';
  list: 'analysers' | 'parsers';
  family: 'analyser' | 'log parser';
  kinds(lookup: PluginKindLookup): string[];
  info(lookup: PluginKindLookup, kind: string): PluginKindInfo | undefined;
}

export const ANALYSER_LIST: KindList = {
  section: 'analysis',
  list: 'analysers',
  family: 'analyser',
  kinds: (lookup) => lookup.analyserKinds(),
  info: (lookup, kind) => lookup.analyser(kind),
};

export const LOG_PARSER_LIST: KindList = {
  section: 'logs',
  list: 'parsers',
  family: 'log parser',
  kinds: (lookup) => lookup.logParserKinds(),
  info: (lookup, kind) => lookup.logParser(kind),
};

/**
 * Moves each entry's plugin kind key into its `plugin` field; an entry naming no kind of that
 * family an installed plugin provides is a problem at the entry (the schema would only say `plugin` is missing).
 */
export function movePluginKindList(raw: unknown, lookup: PluginKindLookup, where: KindList): { uses: PluginProbeUse[]; problems: PluginOptionProblem[] } {
  const uses: PluginProbeUse[] = [];
  const problems: PluginOptionProblem[] = [];
  const section = (raw as Record<string, unknown> | null)?.[where.section];
  const entries = isRecord(section) ? section[where.list] : undefined;
  if (!Array.isArray(entries)) return { uses, problems };
  entries.forEach((entry: unknown, index) => {
    if (!isRecord(entry) || entry.plugin !== undefined) return;
    const use = moveKindKey(entry, [where.section, where.list, index], where.family, (kind) => where.info(lookup, kind));
    if (use !== undefined) return void uses.push(use);
    const kinds = where.kinds(lookup);
    problems.push({
      path: [where.section, where.list, index],
      message: `names no ${where.family} kind an installed plugin provides (${kinds.length === 0 ? 'none is installed: zervigo plugins install FOLDER|TGZ' : `${where.family} kinds: ${kinds.join(', ')}`})`,
    });
    // Keeps the schema from adding "plugin: required" to the same entry.
    entry.plugin = { kind: '?', plugin: '?', options: {} };
  });
  return { uses, problems };
}

/** The problems with each plugin probe or analyser: its plugin disabled, or its options not what the plugin declared. */
export function pluginProbeProblems(uses: readonly PluginProbeUse[]): PluginOptionProblem[] {
  const problems: PluginOptionProblem[] = [];
  for (const use of uses) {
    if (!use.info.enabled) {
      problems.push({
        path: use.path,
        message: disabledKindMessage(use.family, use.kind, use.info.plugin),
      });
      continue;
    }
    const schemaProblems = use.info.validate(use.options);
    // A file is looked at only once the options are what the schema says.
    const found = schemaProblems.length > 0 ? schemaProblems : fileOptionProblems(use.options, use.info.files);
    for (const problem of found) problems.push({ path: [...use.path, ...problem.path], message: `plugin ${use.info.plugin}: ${problem.message}` });
  }
  return problems;
}

/**
 * Rewrites the relative file options of plugin channels (`channels: { name: { <kind>: {...} } }`)
 * and plugin actions (a rule's `then:`, top-level or in rule_groups) to absolute paths against the
 * workspace file's folder, in place, before the schema checks them: as a plugin probe's are.
 */
export function resolvePluginFileOptions(raw: unknown, lookup: PluginKindLookup, baseDir: string): void {
  const record = isRecord(raw) ? raw : {};
  const channels = isRecord(record.channels) ? Object.values(record.channels) : [];
  for (const channel of channels) resolveKindEntry(channel, (kind) => lookup.channel(kind), baseDir);
  const groups = Array.isArray(record.rule_groups) ? record.rule_groups.map((group: unknown) => (isRecord(group) ? group.rules : undefined)) : [];
  for (const rules of [record.rules, ...groups]) {
    if (!Array.isArray(rules)) continue;
    for (const rule of rules) {
      const then = isRecord(rule) ? rule.then : undefined;
      if (Array.isArray(then)) for (const action of then) resolveKindEntry(action, (kind) => lookup.action(kind), baseDir);
    }
  }
}

function resolveKindEntry(entry: unknown, info: (kind: string) => PluginKindInfo | undefined, baseDir: string): void {
  if (!isRecord(entry)) return;
  for (const [key, options] of Object.entries(entry)) {
    const found = info(key);
    if (found !== undefined && Object.keys(found.files).length > 0) resolveFileOptions(options, found.files, baseDir);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The problems with the workspace's `plugins:` list: each plugin it names must be installed and
 * enabled, else it is reported at its entry with the command that fixes it (never ignored). `from`
 * is resolved against the workspace file's folder.
 */
export function workspacePluginProblems(raw: unknown, lookup: PluginKindLookup, workspaceFile: string): PluginOptionProblem[] {
  const list = (raw as { plugins?: unknown } | null)?.plugins;
  if (!Array.isArray(list)) return [];
  const problems: PluginOptionProblem[] = [];
  list.forEach((entry: unknown, index) => {
    const id = typeof entry === 'string' ? entry : isRecord(entry) && typeof entry.id === 'string' ? entry.id : null;
    if (id === null) return; // the schema says what is wrong with it
    const from = isRecord(entry) && typeof entry.from === 'string' ? path.resolve(path.dirname(path.resolve(workspaceFile)), entry.from) : null;
    const installed = lookup.plugin(id);
    const integrity = isRecord(entry) && typeof entry.integrity === 'string' ? entry.integrity : null;
    const installing = installed === undefined && from !== null ? lookup.requestInstall?.({ id, from, integrity }) : undefined;
    if (installing !== undefined) problems.push({ path: ['plugins', index], message: `the workspace needs plugin ${id}: ${installing}` });
    else if (installed === undefined)
      problems.push({
        path: ['plugins', index],
        message: `the workspace needs plugin ${id}, which is not installed; install it (zervigo plugins install ${from ?? 'FOLDER|TGZ'} --yes)`,
      });
    else if (!installed.enabled)
      problems.push({
        path: ['plugins', index],
        message: `the workspace needs plugin ${id}, which is installed but disabled; enable it (zervigo plugins enable ${id})`,
      });
  });
  return problems;
}
