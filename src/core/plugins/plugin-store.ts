import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { z } from 'zod';
import { ZervigoError } from '../../shared/errors';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../private-files';
import { Capabilities, readManifest, type PluginManifest } from './manifest';

/** A tarball larger than this is refused before it is unpacked. */
const MAX_TARBALL_BYTES = 50 * 1024 * 1024;

const StateFile = z.record(z.string(), z.strictObject({ enabled: z.boolean(), trusted: Capabilities.nullable(), installedAt: z.number() }));
type StateFile = z.infer<typeof StateFile>;

export interface InstalledPlugin {
  manifest: PluginManifest;
  dir: string;
  enabled: boolean;
  /** The capabilities the operator accepted; enabling again after an update that asks for more asks again. */
  trusted: Capabilities | null;
  installedAt: number;
}

/**
 * Installed plugins in the data folder: each package copied to plugins/<id>/, and one state file
 * saying which are enabled and which capabilities were accepted. Installing never runs plugin code.
 */
export class PluginStore {
  private readonly root: string;
  private readonly stateFile: string;

  constructor(
    dataDir: string,
    private readonly engineVersion: string,
    private readonly now: () => number,
  ) {
    this.root = path.join(dataDir, 'plugins');
    this.stateFile = path.join(this.root, 'state.json');
  }

  list(): InstalledPlugin[] {
    const state = this.readState();
    return Object.entries(state)
      .sort(([a], [b]) => a.localeCompare(b))
      .flatMap(([id, entry]) => {
        const dir = this.dirOf(id);
        try {
          return [{ manifest: readManifest(dir, this.engineVersion), dir, ...entry }];
        } catch {
          return []; // removed by hand or made invalid: list() shows what can run; broken() says the rest
        }
      });
  }

  get(id: string): InstalledPlugin {
    const found = this.list().find((plugin) => plugin.manifest.id === id);
    if (found === undefined) throw new ZervigoError('not_found', `no plugin ${id} is installed (zervigo plugins list shows those that are)`);
    return found;
  }

  /** Copies a folder or unpacks a tarball (npm pack's layout) into the data folder; replaces an older copy. With `expectedId`, a package that is another plugin is refused. */
  async install(source: string, expectedId?: string): Promise<InstalledPlugin> {
    const resolved = path.resolve(source);
    if (!fs.existsSync(resolved)) throw new ZervigoError('invalid_input', `${source} does not exist: give a plugin folder or a .tgz made by npm pack`);
    const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-plugin-'));
    try {
      const unpacked = fs.statSync(resolved).isDirectory() ? resolved : await unpack(resolved, staging);
      const manifest = readManifest(unpacked, this.engineVersion);
      if (expectedId !== undefined && manifest.id !== expectedId)
        throw new ZervigoError('invalid_input', `${source} is plugin ${manifest.id}, not ${expectedId}`);
      fs.mkdirSync(this.root, { recursive: true, mode: PRIVATE_DIR_MODE });
      const target = this.dirOf(manifest.id);
      const next = `${target}.installing`;
      fs.rmSync(next, { recursive: true, force: true });
      fs.cpSync(unpacked, next, { recursive: true, filter: (file) => path.basename(file) !== '.git' });
      fs.rmSync(target, { recursive: true, force: true });
      fs.renameSync(next, target);
      const state = this.readState();
      const previous = state[manifest.id];
      state[manifest.id] = { enabled: previous?.enabled ?? false, trusted: previous?.trusted ?? null, installedAt: this.now() };
      this.writeState(state);
      return this.get(manifest.id);
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }

  setEnabled(id: string, enabled: boolean, trusted?: Capabilities): InstalledPlugin {
    this.get(id);
    const state = this.readState();
    const entry = state[id]!;
    state[id] = { ...entry, enabled, trusted: trusted ?? entry.trusted };
    this.writeState(state);
    return this.get(id);
  }

  remove(id: string): void {
    this.get(id);
    const state = this.readState();
    delete state[id];
    this.writeState(state);
    fs.rmSync(this.dirOf(id), { recursive: true, force: true });
  }

  private dirOf(id: string): string {
    return path.join(this.root, id);
  }

  private readState(): StateFile {
    if (!fs.existsSync(this.stateFile)) return {};
    const parsed = StateFile.safeParse(JSON.parse(fs.readFileSync(this.stateFile, 'utf8')));
    if (!parsed.success) throw new ZervigoError('internal', `${this.stateFile} is damaged; remove it and install the plugins again`);
    return parsed.data;
  }

  private writeState(state: StateFile): void {
    const temporary = `${this.stateFile}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: PRIVATE_FILE_MODE });
    fs.renameSync(temporary, this.stateFile);
  }
}

/** npm pack puts the package under package/; a tarball without it is taken as the package itself. */
async function unpack(tarball: string, into: string): Promise<string> {
  const size = fs.statSync(tarball).size;
  if (size > MAX_TARBALL_BYTES)
    throw new ZervigoError('payload_too_large', `${tarball} is ${size} bytes, over the ${MAX_TARBALL_BYTES} a plugin tarball may have`);
  try {
    // tar refuses absolute paths and ../ entries by default (preservePaths: false).
    await tar.x({ file: tarball, cwd: into, strict: true });
  } catch (error) {
    throw new ZervigoError('invalid_input', `${tarball} is not a plugin tarball: ${(error as Error).message}`);
  }
  const nested = path.join(into, 'package');
  return fs.existsSync(path.join(nested, 'package.json')) ? nested : into;
}
