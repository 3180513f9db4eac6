import fs from 'node:fs';
import path from 'node:path';
import { ZervigoError } from '../../shared/errors';
import { ZERVIGO_VERSION } from '../../core/version';

export const SCAFFOLD_KINDS = ['probe', 'channel', 'action', 'analyser', 'log-parser'] as const;
export type ScaffoldKind = (typeof SCAFFOLD_KINDS)[number];

/** A working example per kind: the main module's body, and a call its test makes. */
const EXAMPLES: Record<ScaffoldKind, { section: string; body: string; call: string; options: Record<string, unknown> }> = {
  probe: {
    section: 'probes',
    options: { type: 'object', properties: { value: { type: 'number' } }, required: ['value'] },
    body: `async check(options, context) {\n      // Check something here; context.signal aborts at the probe's timeout.\n      return { ok: options.value >= 0, reason: options.value >= 0 ? undefined : 'value is negative', samples: [{ name: 'value', value: options.value }] };\n    },`,
    call: `plugin.probes['NAME'].check({ value: 1 }, { signal: AbortSignal.timeout(1000), timeoutMs: 1000 })`,
  },
  channel: {
    section: 'channels',
    options: { type: 'object', properties: { url: { type: 'string' } }, required: ['url'] },
    body: `async send(options, notification, context) {\n      const response = await fetch(options.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: notification.title + ': ' + notification.summary }), signal: context.signal });\n      if (!response.ok) throw new Error('the receiver answered ' + response.status);\n    },`,
    call: `Promise.resolve('a channel needs a receiver: see README.md')`,
  },
  action: {
    section: 'actions',
    options: { type: 'object' },
    body: `async run(options, input, context) {\n      return { message: 'acted on ' + input.service };\n    },`,
    call: `plugin.actions['NAME'].run({}, { rule: 'ServiceDown', service: 'api', labels: { service: 'api' }, value: 0 }, { signal: AbortSignal.timeout(1000), timeoutMs: 1000 })`,
  },
  analyser: {
    section: 'analysers',
    options: { type: 'object', properties: { above: { type: 'number' } }, required: ['above'] },
    body: `// Given the series its workspace entry selects (analysis.analysers: select, window), every \`every\`.\n    // What it returns are findings on the Insights page; one not returned next round has ended.\n    async analyse(options, input, context) {\n      return input.series\n        .filter((series) => series.points.length > 0 && series.points[series.points.length - 1].value > options.above)\n        .map((series) => ({\n          key: series.selector,\n          severity: 'warning',\n          service: series.labels.service,\n          summary: series.selector + ' is ' + series.points[series.points.length - 1].value + ', above ' + options.above,\n          evidence: [series.selector],\n        }));\n    },`,
    call: `plugin.analysers['NAME'].analyse({ above: 1 }, { analyser: 'NAME', from: 0, to: 2, series: [{ metric: 'queue_depth', labels: { service: 'api' }, selector: 'queue_depth{service="api"}', points: [{ ts: 1, value: 2, count: 1 }] }] }, { signal: AbortSignal.timeout(1000), timeoutMs: 1000 }).then((findings) => { assert.strictEqual(findings.length, 1); return findings; })`,
  },
  'log-parser': {
    section: 'logParsers',
    options: { type: 'object', properties: { default_level: { enum: ['debug', 'info', 'warn', 'error'] } } },
    body: `// Given a source's lines in order (the services and files its logs.parsers entry names), one answer
    // per line: { ts?, level?, message?, fields?, continues? }, or null to leave the line to the built-in parser.
    async parse(options, input, context) {
      return input.lines.map((line) => {
        const match = /^\\[(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\\] (.*)$/.exec(line);
        if (match !== null) return { level: match[1].toLowerCase(), message: match[2] };
        // An indented line (a stack frame) belongs to the entry before it.
        if (/^\\s/.test(line)) return { continues: true };
        return options.default_level === undefined ? null : { level: options.default_level };
      });
    },`,
    call: `plugin.logParsers['NAME'].parse({}, { service: 'api', source: 'api:stdout', lines: ['[WARN] disk almost full', '    at main (index.js:1)', 'plain text'] }, { signal: AbortSignal.timeout(1000), timeoutMs: 1000 }).then((lines) => { assert.deepStrictEqual(lines, [{ level: 'warn', message: 'disk almost full' }, { continues: true }, null]); return lines; })`,
  },
};

/** Writes package.json (with the zervigo manifest), index.js and test.js for a new plugin. */
export function scaffoldPlugin(name: string, kind: ScaffoldKind, dir: string): string {
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(name))
    throw new ZervigoError('invalid_input', `${name}: a plugin name is lowercase letters, digits and "-", starting with a letter`);
  if (!SCAFFOLD_KINDS.includes(kind)) throw new ZervigoError('invalid_input', `--kind ${kind}: one of ${SCAFFOLD_KINDS.join(', ')}`);
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) throw new ZervigoError('conflict', `${dir} exists and is not empty`);
  const example = EXAMPLES[kind];
  const fill = (text: string): string => text.replaceAll('NAME', name);
  fs.mkdirSync(dir, { recursive: true });
  const manifest = {
    name: `zervigo-plugin-${name}`,
    version: '0.1.0',
    description: `A Zervigo ${kind} plugin`,
    main: 'index.js',
    engines: { zervigo: `>=${ZERVIGO_VERSION}` },
    scripts: { test: 'node --test test.js' },
    zervigo: {
      id: name,
      contributes: { [example.section]: { [name]: { summary: `The ${name} ${kind}`, options: example.options } } },
      capabilities: { network: [], commands: [], read: [], write: [] },
    },
  };
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.writeFileSync(
    path.join(dir, 'index.js'),
    fill(
      `// A Zervigo plugin: runs in a process of its own; the engine calls these over IPC.\n// Types: src/plugin-sdk/index.ts in the Zervigo repository (definePlugin, ProbeKind, ChannelKind, ...).\nmodule.exports = {\n  ${example.section}: {\n    'NAME': {\n    ${example.body}\n    },\n  },\n};\n`,
    ),
  );
  fs.writeFileSync(
    path.join(dir, 'test.js'),
    fill(
      `const test = require('node:test');\nconst assert = require('node:assert');\nconst plugin = require('./index.js');\n\ntest('NAME answers', async () => {\n  const result = await ${example.call};\n  assert.ok(result !== undefined);\n});\n`,
    ),
  );
  return dir;
}
