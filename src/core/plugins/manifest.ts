import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { z } from 'zod';
import { ZervigoError } from '../../shared/errors';
import { formatZodError } from '../../shared/zod-message';

/** package.json is read whole; a manifest this large is refused before parsing. */
const MAX_PACKAGE_JSON_BYTES = 256 * 1024;

const Name = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'a name is lowercase letters, digits and "-", starting with a letter (at most 63)');

/** One contributed kind: its options schema (JSON Schema) and a line for people. */
const KindEntry = z.strictObject({
  summary: z.string().max(300).optional(),
  options: z.record(z.string(), z.unknown()).default({ type: 'object' }),
  /**
   * Options of a kind (probe, channel, action, ...) that name files ("tls.ca": "pem"): the engine
   * checks them at workspace load and reads them for the plugin at each call, as its process may
   * read only its own folder.
   */
  files: z.record(z.string().regex(/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*){0,7}$/, 'is not an option path (like "tls.ca")'), z.enum(['pem', 'text'])).default({}),
});

const Kinds = z.record(Name, KindEntry).default({});

/** What a plugin needs; shown before it is trusted, and turned into Node permission flags where Node can enforce them. */
export const Capabilities = z.strictObject({
  network: z.array(z.string().min(1).max(300)).max(100).default([]),
  commands: z.array(z.string().min(1).max(300)).max(100).default([]),
  read: z.array(z.string().min(1).max(1000)).max(100).default([]),
  write: z.array(z.string().min(1).max(1000)).max(100).default([]),
});
export type Capabilities = z.infer<typeof Capabilities>;

const ZervigoField = z.strictObject({
  id: Name,
  contributes: z.strictObject({ probes: Kinds, channels: Kinds, actions: Kinds, analysers: Kinds, logParsers: Kinds }),
  capabilities: Capabilities.default({ network: [], commands: [], read: [], write: [] }),
});

const PackageJson = z.object({
  name: z.string().min(1, 'package.json has no "name"'),
  version: z.string().refine((value) => semver.valid(value) !== null, 'is not a semantic version (like 1.2.3)'),
  description: z.string().max(1000).optional(),
  main: z.string().min(1).default('index.js'),
  engines: z.object(
    { zervigo: z.string().refine((value) => semver.validRange(value) !== null, 'is not a version range (like ">=0.1 <1")') },
    { error: 'needs engines.zervigo, the Zervigo versions it works with' },
  ),
  zervigo: ZervigoField,
});

export interface PluginManifest {
  id: string;
  packageName: string;
  version: string;
  description: string;
  /** Absolute path of the main module. */
  main: string;
  engines: string;
  contributes: z.infer<typeof ZervigoField>['contributes'];
  capabilities: Capabilities;
}

export type ContributionSection = keyof PluginManifest['contributes'];

/** Reads and checks `<dir>/package.json`, including that `engines.zervigo` admits this engine. */
export function readManifest(dir: string, engineVersion: string): PluginManifest {
  const file = path.join(dir, 'package.json');
  let text: string;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_PACKAGE_JSON_BYTES)
      throw new ZervigoError('payload_too_large', `${file} is ${size} bytes, over the ${MAX_PACKAGE_JSON_BYTES} a plugin manifest may have`);
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof ZervigoError) throw error;
    throw new ZervigoError('invalid_input', `${dir} is not a plugin: it has no readable package.json`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ZervigoError('invalid_input', `${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = PackageJson.safeParse(json);
  if (!parsed.success) {
    const label = typeof (json as { name?: unknown } | null)?.name === 'string' ? `plugin ${(json as { name: string }).name}` : file;
    throw new ZervigoError('invalid_input', `${label}: ${formatZodError(parsed.error)}`);
  }
  const pkg = parsed.data;
  const id = pkg.zervigo.id;
  if (!semver.satisfies(engineVersion, pkg.engines.zervigo, { includePrerelease: true })) {
    throw new ZervigoError('invalid_input', `plugin ${id} ${pkg.version} needs Zervigo ${pkg.engines.zervigo}; this is ${engineVersion}`);
  }
  const main = path.resolve(dir, pkg.main);
  if (!main.startsWith(path.resolve(dir) + path.sep)) throw new ZervigoError('invalid_input', `plugin ${id}: main "${pkg.main}" points outside its folder`);
  if (!fs.existsSync(main)) throw new ZervigoError('invalid_input', `plugin ${id}: its main module ${pkg.main} does not exist`);
  const kinds = Object.values(pkg.zervigo.contributes).reduce((count, section) => count + Object.keys(section).length, 0);
  if (kinds === 0)
    throw new ZervigoError(
      'invalid_input',
      `plugin ${id} contributes nothing: list its kinds under zervigo.contributes (probes, channels, actions, analysers, logParsers)`,
    );
  return {
    id,
    packageName: pkg.name,
    version: pkg.version,
    description: pkg.description ?? '',
    main,
    engines: pkg.engines.zervigo,
    contributes: pkg.zervigo.contributes,
    capabilities: pkg.zervigo.capabilities,
  };
}
