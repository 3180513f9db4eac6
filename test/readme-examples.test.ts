import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { workspaceJsonSchema } from '../src/core/config/json-schema';
import { formatIssue, parseWorkspace } from '../src/core/config/parse-workspace';
import type { PluginKindLookup } from '../src/core/config/plugin-kinds';
import { builtinKinds } from '../src/core/builtin-kinds';
import { readServerFile } from '../src/core/config/server-workspaces';

/**
 * Every ```yaml block of the README is a workspace the engine must accept. A block that shows
 * part of one says so in an HTML comment on the line before it:
 *   <!-- example: fragment -->                  validated with "version: 1" put in front
 *   <!-- example: fragment, env SLACK_WEBHOOK=https://hooks.example.com/x -->   and with these variables set
 *   <!-- example: fragment, plugin redis -->    with "redis" an enabled plugin's probe kind (any options);
 *                                               not checked against the editor's JSON Schema, which knows only built-in kinds
 *   <!-- example: fragment, analyser slo -->   with "slo" an enabled plugin's analyser kind (any options), likewise
 *   <!-- example: fragment, parser redis-log --> with "redis-log" an enabled plugin's log parser kind, likewise
 *   <!-- example: server -->                    a server's workspaces file (zervigo serve --workspaces), read by readServerFile
 * Nothing is skipped: a block without a comment is a whole workspace.
 */
interface Example {
  line: number;
  text: string;
  fragment: boolean;
  pluginKinds: string[];
  analyserKinds: string[];
  parserKinds: string[];
  env: Record<string, string>;
}

/** The server's workspaces files among the examples. */
const servers: { line: number; text: string }[] = [];

function examplesIn(markdown: string): Example[] {
  const lines = markdown.split('\n');
  const examples: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== '```yaml') continue;
    const end = lines.findIndex((line, j) => j > i && line.trim() === '```');
    if (end < 0) throw new Error(`README.md:${i + 1}: a yaml block is never closed`);
    const marker = /^<!--\s*example:\s*(.*?)\s*-->$/.exec(lines[i - 1]?.trim() ?? '');
    const words = marker?.[1]?.split(',').map((word) => word.trim()) ?? [];
    if (words.includes('server')) {
      servers.push({ line: i + 2, text: lines.slice(i + 1, end).join('\n') });
      i = end;
      continue;
    }
    const unknown = words.filter((word) => word !== 'fragment' && !/^env \w+=\S*$/.test(word) && !/^(plugin|analyser|parser) [\w-]+$/.test(word));
    if (unknown.length > 0)
      throw new Error(`README.md:${i}: unknown example marker ${unknown.join(', ')} (fragment, env NAME=value, plugin KIND, analyser KIND, parser KIND)`);
    const pluginKinds = words.filter((word) => word.startsWith('plugin ')).map((word) => word.slice('plugin '.length));
    const analyserKinds = words.filter((word) => word.startsWith('analyser ')).map((word) => word.slice('analyser '.length));
    const parserKinds = words.filter((word) => word.startsWith('parser ')).map((word) => word.slice('parser '.length));
    const env = Object.fromEntries(words.filter((word) => word.startsWith('env ')).map((word) => word.slice(4).split('=') as [string, string]));
    examples.push({
      line: i + 2,
      text: lines.slice(i + 1, end).join('\n'),
      fragment: words.includes('fragment'),
      env,
      pluginKinds,
      analyserKinds,
      parserKinds,
    });
    i = end;
  }
  return examples;
}

const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
const examples = examplesIn(readme);
const ajv = new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true });
ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
const matchesJsonSchema = ajv.compile(workspaceJsonSchema(builtinKinds));

describe('the README’s server workspaces files', () => {
  it.each(servers.map((example) => [example.line, example] as const))('README.md:%i is a valid --workspaces file', (_line, example) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-readme-')), 'server.yaml');
    fs.writeFileSync(file, example.text);
    expect(readServerFile(file, { OIDC_CLIENT_SECRET: 's3cret' }).workspaces.length).toBeGreaterThan(0);
  });
});

describe('the README’s workspace examples', () => {
  it('has examples to check', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  it.each(examples.map((example) => [example.line, example] as const))('README.md:%i parses and validates', (_line, example) => {
    const text = example.fragment ? `version: 1\n${example.text}` : example.text;
    const pluginKinds: PluginKindLookup = {
      probeKinds: () => example.pluginKinds,
      probe: (kind) =>
        example.pluginKinds.includes(kind) ? { plugin: `readme-${kind}`, enabled: true, options: {}, files: {}, validate: () => [] } : undefined,
      channelKinds: () => [],
      channel: () => undefined,
      actionKinds: () => [],
      action: () => undefined,
      analyserKinds: () => example.analyserKinds,
      analyser: (kind) =>
        example.analyserKinds.includes(kind) ? { plugin: `readme-${kind}`, enabled: true, options: {}, files: {}, validate: () => [] } : undefined,
      logParserKinds: () => example.parserKinds,
      logParser: (kind) =>
        example.parserKinds.includes(kind) ? { plugin: `readme-${kind}`, enabled: true, options: {}, files: {}, validate: () => [] } : undefined,
      plugin: () => undefined,
    };
    const result = parseWorkspace(text, {
      kinds: builtinKinds,
      file: 'README.md',
      processEnv: example.env,
      ...(example.pluginKinds.length + example.analyserKinds.length + example.parserKinds.length > 0 ? { pluginKinds } : {}),
    });
    // Positions in the README itself, so a failure points at the line to fix.
    const shift = example.line - 1 - (example.fragment ? 1 : 0);
    expect(result.ok ? [] : result.issues.map((issue) => formatIssue({ ...issue, line: issue.line + shift }))).toEqual([]);
    if (example.pluginKinds.length + example.analyserKinds.length + example.parserKinds.length === 0)
      expect(matchesJsonSchema(parse(text)), JSON.stringify(matchesJsonSchema.errors, null, 1)).toBe(true);
  });
});
