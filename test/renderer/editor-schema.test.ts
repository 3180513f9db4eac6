import { describe, expect, it } from 'vitest';
import { workspaceJsonSchema } from '../../src/core/config/json-schema';
import { explain, keysAt, valuesAt } from '../../src/renderer/src/pages/config/editor/schema-lookup';
import { placeAt } from '../../src/renderer/src/pages/config/editor/yaml-path';
import { builtinKinds } from '../../src/core/builtin-kinds';

/** The place of the "|" in a text. */
const at = (text: string) => placeAt(text.replace('|', ''), text.indexOf('|'));

describe('where the cursor is in a workspace being typed', () => {
  it('finds the mapping by indentation, through lists, with what is typed and the keys already there', () => {
    expect(at('version: 1\nserv|')).toMatchObject({ path: [], position: { kind: 'key' }, prefix: 'serv', siblings: ['version'] });
    expect(at('services:\n  api:\n    start: x\n    pro|\n    cwd: y\n')).toMatchObject({
      path: ['services', 'api'],
      prefix: 'pro',
      siblings: ['start', 'cwd'],
    });
    expect(at('services:\n  api:\n    probes:\n      - http: x\n        every: 5s\n      - tcp: a:1\n        exp|\n')).toMatchObject({
      path: ['services', 'api', 'probes', 1],
      siblings: ['tcp'],
    });
    expect(at('rules:\n- alert: X\n  fo|\n')).toMatchObject({ path: ['rules', 0], prefix: 'fo', siblings: ['alert'] });
    expect(at('services:\n  api:\n    restart:\n      policy: on-|\n')).toMatchObject({
      path: ['services', 'api', 'restart'],
      position: { kind: 'value', key: 'policy' },
      prefix: 'on-',
    });
    expect(at('services:\n  api:\n    probes:\n      - http:\n          url: x\n          me|\n')).toMatchObject({
      path: ['services', 'api', 'probes', 0, 'http'],
    });
  });
});

describe('what the schema says there', () => {
  const schema = workspaceJsonSchema(builtinKinds);

  it('offers the keys a mapping can have, with their meaning, and the values a key takes', () => {
    const probeKeys = keysAt(schema, ['services', 'api', 'probes', 0]);
    expect(probeKeys.map((option) => option.key)).toEqual(
      expect.arrayContaining(['http', 'tcp', 'process', 'command', 'tmux', 'prometheus', 'every', 'expect']),
    );
    const every = probeKeys.find((option) => option.key === 'every');
    expect(every?.description).toBe('How often the probe runs, start to start.');
    expect(every?.detail).toMatch(/^duration/);
    expect(valuesAt(schema, ['services', 'api', 'restart', 'policy']).map((option) => option.value)).toEqual(['on-failure', 'always', 'never']);
    expect(valuesAt(schema, ['channels', 'x', 'send_resolved']).map((option) => option.value)).toEqual(['true', 'false']);
  });

  it('explains a key for a hover: what it does, its form, its default', () => {
    expect(explain(schema, ['services', 'api', 'restart', 'budget'])).toEqual({
      description:
        'A crash-loop detector: at most this many restarts after early failures (and rule restarts) in this window; then the service is given up and escalated (alert ServiceGivenUp).',
      detail: 'restart budget: "N within duration", e.g. 3 within 10m',
      defaultValue: '3 within 10m',
    });
    expect(explain(schema, ['nope'])).toBeNull();
  });
});
