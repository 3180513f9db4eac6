import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Written into a release once it is complete: a folder without it is not a release (half-built, or someone else's). */
export const MANIFEST = '.zervigo-release.json';
export const CURRENT = 'current';

export interface ReleaseManifest {
  sha: string;
  author: string;
  subject: string;
  builtAt: number;
  deploy: number;
}

export interface Release extends ReleaseManifest {
  dir: string;
}

/**
 * A service's releases, Capistrano's way: one immutable folder per commit under
 * `<data>/releases/<service>/<sha>`, built elsewhere and renamed into place only when complete,
 * and a `current` symlink switched atomically (a new symlink renamed over the old one), so the
 * service's folder always points at one whole release.
 */
export class Releases {
  constructor(readonly root: string) {}

  dirOf(sha: string): string {
    return path.join(this.root, sha);
  }

  currentLink(): string {
    return path.join(this.root, CURRENT);
  }

  /** The commit `current` points at, or null before the first release. */
  current(): string | null {
    try {
      return path.basename(fs.readlinkSync(this.currentLink()));
    } catch {
      return null;
    }
  }

  /** A complete release of this commit, a folder in the way that is not one, or nothing. */
  existing(sha: string): 'release' | 'foreign' | 'none' {
    const dir = this.dirOf(sha);
    if (!fs.existsSync(dir)) return 'none';
    return fs.existsSync(path.join(dir, MANIFEST)) ? 'release' : 'foreign';
  }

  /** A fresh folder to build a release in, beside the releases (same filesystem, so the rename is atomic). */
  staging(sha: string, deploy: number): string {
    fs.mkdirSync(this.root, { recursive: true });
    const dir = path.join(this.root, `.staging-${sha.slice(0, 12)}-${deploy}-${crypto.randomBytes(3).toString('hex')}`);
    fs.mkdirSync(dir);
    return dir;
  }

  /** Marks a built folder complete and names it after its commit. */
  publish(staging: string, manifest: ReleaseManifest): string {
    fs.writeFileSync(path.join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    const dir = this.dirOf(manifest.sha);
    fs.renameSync(staging, dir);
    return dir;
  }

  /** Points `current` at a release: a temporary symlink renamed over the old one (rename(2) is atomic). */
  switchTo(sha: string): void {
    if (this.existing(sha) !== 'release') throw new Error(`release ${sha.slice(0, 12)} is not complete; not switched`);
    const temp = path.join(this.root, `.current-${crypto.randomBytes(4).toString('hex')}`);
    fs.symlinkSync(sha, temp);
    try {
      fs.renameSync(temp, this.currentLink());
    } catch (error) {
      fs.rmSync(temp, { force: true });
      throw error;
    }
  }

  /** Removes `current` (a first release that failed leaves nothing to go back to). */
  unlinkCurrent(): void {
    fs.rmSync(this.currentLink(), { force: true });
  }

  list(): Release[] {
    let entries: string[];
    try {
      entries = fs.readdirSync(this.root);
    } catch {
      return [];
    }
    const releases: Release[] = [];
    for (const entry of entries) {
      if (entry.startsWith('.') || entry === CURRENT) continue;
      try {
        const manifest = JSON.parse(fs.readFileSync(path.join(this.root, entry, MANIFEST), 'utf8')) as ReleaseManifest;
        releases.push({ ...manifest, dir: path.join(this.root, entry) });
      } catch {
        // Not a release (no manifest): left alone.
      }
    }
    return releases.sort((a, b) => b.builtAt - a.builtAt || b.deploy - a.deploy);
  }

  /** The release built before `sha` (what a rollback goes back to), or null. */
  before(sha: string): Release | null {
    const all = this.list();
    const index = all.findIndex((release) => release.sha === sha);
    return index < 0 ? null : (all[index + 1] ?? null);
  }

  /** Keeps the newest `keep` releases and always the ones named in `protect`; returns the removed commits. */
  prune(keep: number, protect: (string | null)[]): string[] {
    const removed: string[] = [];
    for (const release of this.list().slice(keep)) {
      if (protect.includes(release.sha)) continue;
      fs.rmSync(release.dir, { recursive: true, force: true });
      removed.push(release.sha);
    }
    return removed;
  }

  /** Build folders left by a deploy that was cut short. */
  removeStaging(): void {
    let entries: string[];
    try {
      entries = fs.readdirSync(this.root);
    } catch {
      return;
    }
    for (const entry of entries)
      if (entry.startsWith('.staging-') || entry.startsWith('.current-')) fs.rmSync(path.join(this.root, entry), { recursive: true, force: true });
  }
}
