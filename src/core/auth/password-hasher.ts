import { hash, verify, type Algorithm } from '@node-rs/argon2';

/** The library's Algorithm.Argon2id (a const enum, which isolated modules cannot read). */
const ARGON2ID = 2 as Algorithm.Argon2id;

/**
 * Passwords are stored as Argon2id PHC strings ($argon2id$v=19$m=…,t=…,p=…$salt$hash), with
 * OWASP's first recommended setting: 19 MiB of memory, 2 passes, 1 lane (Password Storage Cheat
 * Sheet). The parameters travel inside each hash, so raising them later needs no migration:
 * a hash made with weaker ones is replaced at the person's next sign-in (`needsRehash`).
 */
export const ARGON2_PARAMETERS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function describeArgon2Parameters(): string {
  return `Argon2id m=${ARGON2_PARAMETERS.memoryCost} KiB (${(ARGON2_PARAMETERS.memoryCost / 1024).toFixed(0)} MiB), t=${ARGON2_PARAMETERS.timeCost}, p=${ARGON2_PARAMETERS.parallelism}`;
}

/** Hashing runs on libuv's thread pool (the library's async API), never on the event loop. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_PARAMETERS);
}

/** False for a wrong password and for a stored value that is not a hash we can read. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** True when a stored hash was made with other (older) parameters than today's. */
export function needsRehash(stored: string): boolean {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
  if (match === null) return true;
  return Number(match[1]) < ARGON2_PARAMETERS.memoryCost || Number(match[2]) < ARGON2_PARAMETERS.timeCost || Number(match[3]) !== ARGON2_PARAMETERS.parallelism;
}

/**
 * A hash of a password nobody has, verified when the name is unknown: a sign-in as a made-up
 * name takes as long as one with a wrong password, so timing does not tell which names exist.
 */
let decoy: Promise<string> | null = null;
export async function verifyDecoy(password: string): Promise<false> {
  decoy ??= hashPassword('no account has this password, it only spends the same time');
  await verifyPassword(await decoy, password);
  return false;
}
