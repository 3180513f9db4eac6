import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../../src/core/plugins/manifest';
import { SHIPPED_PLUGINS_DIR } from '../helpers/shipped-probe-plugin';

/** The README's count and tables of shipped plugins follow plugins/: a plugin added there and not listed fails here. */
const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
const shipped = fs
  .readdirSync(SHIPPED_PLUGINS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !entry.name.startsWith('_'))
  .map((entry) => readManifest(path.join(SHIPPED_PLUGINS_DIR, entry.name), '999.0.0'));

describe('the shipped plugins in the README', () => {
  it('has a table row for each plugin in plugins/', () => {
    const missing = shipped.filter((manifest) => !new RegExp(`^\\| ${manifest.id} \\|`, 'm').test(readme)).map((manifest) => manifest.id);
    expect(missing).toEqual([]);
  });

  it('counts them, by kind, as plugins/ holds them', () => {
    const count = (section: keyof (typeof shipped)[number]['contributes']): number =>
      shipped.filter((manifest) => Object.keys(manifest.contributes[section]).length > 0).length;
    const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
    const line = [
      `${shipped.length} in \`plugins/\` in the repo: ${plural(count('channels'), 'channel', 'channels')}`,
      plural(count('actions'), 'action', 'actions'),
      plural(count('probes'), 'probe', 'probes'),
      plural(count('analysers'), 'analyser', 'analysers'),
      plural(count('logParsers'), 'log parser', 'log parsers'),
    ].join(', ');
    // Compared with the text's line breaks as spaces: the prose is wrapped by hand.
    expect(readme.replace(/\s+/g, ' ')).toContain(`**Shipped plugins** (${line};`);
  });
});
