import fs from 'node:fs';
import path from 'node:path';
import type { PluginOptionProblem } from './plugin-kinds';

/** What a file option holds: a PEM certificate or key, or any text. */
export type FileOptionKind = 'pem' | 'text';

/** A file named by an option is read whole; a larger one is refused (a certificate is a few KiB). */
const MAX_FILE_OPTION_BYTES = 1024 * 1024;

/**
 * Options that name files a plugin's process could not read itself (it may read only its own
 * folder): the engine reads them, and the plugin gets their contents. `files` maps an option path
 * ("tls.ca") to what the file must hold.
 */
export type FileOptions = Readonly<Record<string, FileOptionKind>>;

function keysOf(optionPath: string): string[] {
  return optionPath.split('.');
}

/** The value at `keys` inside options, or undefined. */
function valueAt(options: unknown, keys: readonly string[]): unknown {
  let value = options;
  for (const key of keys) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function setAt(options: unknown, keys: readonly string[], next: unknown): void {
  const parent = valueAt(options, keys.slice(0, -1));
  if (typeof parent === 'object' && parent !== null && !Array.isArray(parent)) (parent as Record<string, unknown>)[keys.at(-1)!] = next;
}

/** Rewrites each relative file option to an absolute path against the workspace file's folder (in place), as the workspace's other paths are read. */
export function resolveFileOptions(options: unknown, files: FileOptions, baseDir: string): void {
  for (const optionPath of Object.keys(files)) {
    const keys = keysOf(optionPath);
    const value = valueAt(options, keys);
    if (typeof value === 'string' && value !== '' && !path.isAbsolute(value)) setAt(options, keys, path.resolve(baseDir, value));
  }
}

/** Each file option that cannot be read, is too large, or is not the PEM it should be: at its own path, so it is reported at file:line:col. */
export function fileOptionProblems(options: unknown, files: FileOptions): PluginOptionProblem[] {
  const problems: PluginOptionProblem[] = [];
  for (const [optionPath, kind] of Object.entries(files)) {
    const keys = keysOf(optionPath);
    const file = valueAt(options, keys);
    if (typeof file !== 'string') continue; // absent, or the schema says what is wrong with it
    const problem = fileProblem(file, kind);
    if (problem !== null) problems.push({ path: keys, message: problem });
  }
  return problems;
}

function fileProblem(file: string, kind: FileOptionKind): string | null {
  let text: string;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return `${file} is not a file`;
    if (stat.size > MAX_FILE_OPTION_BYTES) return `${file} is ${stat.size} bytes, over the ${MAX_FILE_OPTION_BYTES} a file option may have`;
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `${file} does not exist`;
    if (code === 'EACCES') return `${file} cannot be read by Zervigo (permission denied)`;
    return `${file} cannot be read: ${(error as Error).message}`;
  }
  if (kind === 'pem' && !text.includes('-----BEGIN ')) return `${file} is not a PEM file (it has no "-----BEGIN" line)`;
  return null;
}

/** The file options these options set (to a path). */
export function fileOptionsSet(options: unknown, files: FileOptions): string[] {
  return Object.keys(files).filter((optionPath) => typeof valueAt(options, keysOf(optionPath)) === 'string');
}

/** A copy of `options` with each file option replaced by the file's contents, read now (a renewed certificate is picked up at the next call). */
export async function withFileContents(options: unknown, files: FileOptions): Promise<unknown> {
  const entries = fileOptionsSet(options, files);
  if (entries.length === 0) return options;
  const copy = structuredClone(options);
  for (const optionPath of entries) {
    const keys = keysOf(optionPath);
    const file = valueAt(copy, keys);
    if (typeof file !== 'string') continue;
    let text: string;
    try {
      text = await fs.promises.readFile(file, 'utf8');
    } catch (error) {
      throw new Error(`${optionPath}: ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
    }
    setAt(copy, keys, text);
  }
  return copy;
}
