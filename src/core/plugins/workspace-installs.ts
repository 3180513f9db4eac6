import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Logger } from '../logger';

export interface InstallRequest {
  id: string;
  /** Absolute: a plugin folder or an npm pack tarball. */
  from: string;
  /** The tarball's Subresource Integrity hash (sha512-…), when the workspace gives one. */
  integrity: string | null;
}

type Attempt = { state: 'installing' } | { state: 'failed'; message: string };

/**
 * Installs, in the background, the plugins a workspace's `plugins:` lists with `from` and that are
 * not installed: each source tried once (a failure is kept and shown until the entry changes, so a
 * bad entry never loops), the tarball's hash checked first when the entry gives `integrity`.
 * Installing does not enable: the capabilities are accepted once, by an admin.
 */
export class WorkspaceInstalls {
  private readonly attempts = new Map<string, Attempt>();

  constructor(
    private readonly install: (request: InstallRequest) => Promise<void>,
    private readonly logger: Logger,
    /** A failure is told so the workspace is read again and its entry says why. */
    private readonly onFailed: () => void,
  ) {}

  /** How the install of this entry stands, in words; starts it the first time it is asked for. */
  request(request: InstallRequest): string {
    const key = JSON.stringify([request.id, request.from, request.integrity]);
    const attempt = this.attempts.get(key);
    if (attempt?.state === 'failed') return `installing it from ${request.from} failed: ${attempt.message}`;
    if (attempt === undefined) {
      this.attempts.set(key, { state: 'installing' });
      this.logger.info({ plugin: request.id, from: request.from }, 'installing a plugin the workspace lists');
      void this.run(request).then(
        () => {
          this.attempts.delete(key);
          this.logger.info({ plugin: request.id }, 'installed a plugin the workspace lists');
        },
        (error: Error) => {
          this.attempts.set(key, { state: 'failed', message: error.message });
          this.logger.warn({ plugin: request.id, from: request.from, err: error }, 'a plugin the workspace lists could not be installed');
          this.onFailed();
        },
      );
    }
    return `installing it from ${request.from}…`;
  }

  private async run(request: InstallRequest): Promise<void> {
    if (request.integrity !== null) await checkIntegrity(request.from, request.integrity);
    await this.install(request);
  }
}

/** Refuses a source whose SRI hash is not the one given (only a tarball has one). */
async function checkIntegrity(file: string, integrity: string): Promise<void> {
  const stat = await fs.promises.stat(file).catch(() => null);
  if (stat === null) throw new Error(`${file} does not exist`);
  if (!stat.isFile()) throw new Error(`integrity is checked on a .tgz, and ${file} is a folder (remove integrity, or pack it: npm pack)`);
  const algorithm = integrity.slice(0, integrity.indexOf('-'));
  const actual = `${algorithm}-${createHash(algorithm)
    .update(await fs.promises.readFile(file))
    .digest('base64')}`;
  if (actual !== integrity)
    throw new Error(`the tarball's hash is ${actual}, not the ${integrity} the workspace gives: it is not the package the workspace names`);
}
