import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src/core/store/audit-log';
import { authHandlers } from '../../../src/core/auth/auth-commands';
import { AuthModule } from '../../../src/core/auth/auth-module';
import { createDispatcher } from '../../../src/core/dispatch';
import { authCommands } from '../../../src/shared/contract/auth';
import { ARGON2_PARAMETERS, hashPassword, needsRehash, verifyPassword } from '../../../src/core/auth/password-hasher';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import { APPLICATION_ID, openDatabase } from '../../../src/core/store/database';
import { migrate, migrations } from '../../../src/core/store/migrations';
import { contextFor } from '../../../src/shared/contract/define';
import { DEFAULT_WORKSPACE } from '../../../src/shared/auth/principal';
import { ZervigoError } from '../../../src/shared/errors';
import { FakeClock } from '../../helpers/fake-clock';
import { addPerson, createToken, passwordOf } from '../../helpers/people';
import { tempDir } from '../../helpers/temp-dir';

const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/**
 * People on a real database with a fake clock, through the same dispatcher and handlers as the
 * engine's (a whole engine on fake time would also tick every probe through the simulated days).
 */
function start(dataDir = tempDir(), clock = new FakeClock()) {
  const db = openDatabase(path.join(dataDir, 'zervigo.db'));
  closers.push(() => db.close());
  const audit = new AuditLog(db, () => clock.now());
  const auth = new AuthModule(db, clock, audit);
  const dispatch = createDispatcher(
    authCommands,
    authHandlers(auth, () => [{ name: DEFAULT_WORKSPACE, quotas: null }]),
  );
  const engine = { db, auth, dispatch, operate: { audit } } as unknown as Engine;
  return { engine, clock, dataDir, auth };
}

async function startEngine(dataDir: string) {
  const engine = Engine.start({ dataDir, workspacePath: null, shell: 'server', logger: silentLogger, processEnv: {} });
  engines.push(engine);
  return engine;
}

const client = { address: '127.0.0.1' };

describe('passwords', () => {
  it("are Argon2id with at least OWASP's parameters, verified, and rehashed when the parameters were weaker", async () => {
    expect(ARGON2_PARAMETERS.memoryCost).toBeGreaterThanOrEqual(19_456);
    expect(ARGON2_PARAMETERS.timeCost).toBeGreaterThanOrEqual(2);
    const hash = await hashPassword('a long enough password');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, 'a long enough password')).toBe(true);
    expect(await verifyPassword(hash, 'a long enough passwore')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
    expect(needsRehash(hash)).toBe(false);
    expect(needsRehash(hash.replace('m=19456', 'm=4096'))).toBe(true);
  });

  it('are never stored or answered in clear, and a short one is refused', async () => {
    const { engine, dataDir } = start();
    await addPerson(engine, 'alice', 'viewer');
    const stored = engine.db.prepare("SELECT password_hash FROM users WHERE name = 'alice'").get() as { password_hash: string };
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(await engine.dispatch('users.list', undefined, { actor: 't', transport: 'internal' }))).not.toContain(passwordOf('alice'));
    await expect(engine.dispatch('users.add', { name: 'bob', role: 'viewer', password: 'short' }, { actor: 't', transport: 'internal' })).rejects.toThrow(
      'a password has at least 12 characters',
    );
    for (const file of fs.readdirSync(dataDir).filter((name) => name.startsWith('zervigo.db'))) {
      expect(fs.readFileSync(path.join(dataDir, file)).includes(Buffer.from(passwordOf('alice')))).toBe(false);
    }
  });
});

describe('sign-in with a password', () => {
  it('opens a session for the right password; a wrong one or an unknown name get the same answer; both are audited', async () => {
    const { engine, auth } = start();
    await addPerson(engine, 'alice', 'operator');
    const ok = await auth.signIn(auth.methods.password, { username: 'alice', password: passwordOf('alice') }, client);
    expect(ok).toMatchObject({ ok: true, principal: { user: 'alice', role: 'operator', method: 'password' } });
    const wrong = await auth.signIn(auth.methods.password, { username: 'alice', password: 'not her password at all' }, client);
    const nobody = await auth.signIn(auth.methods.password, { username: 'mallory', password: 'not her password at all' }, client);
    expect(wrong).toEqual({ ok: false, code: 'unauthorized', message: 'wrong username or password' });
    expect(nobody).toEqual(wrong);
    const entries = engine.operate.audit.list({ action: 'sign_in', limit: 10 }).map((entry) => `${entry.actor} ${entry.outcome}`);
    expect(entries).toEqual(['mallory failed', 'alice failed', 'alice ok']);
  });

  it('locks an account after 10 failures within 15 minutes, says until when, and an admin unlocks it', async () => {
    const { engine, auth, clock } = start();
    await addPerson(engine, 'alice', 'viewer');
    const attempt = (password: string) => auth.signIn(auth.methods.password, { username: 'alice', password }, client);
    for (let i = 0; i < 9; i++) {
      expect((await attempt(`wrong password number ${i}`)).ok).toBe(false);
      clock.advance(60_000);
    }
    const tenth = await attempt('wrong password number 10');
    expect(tenth).toMatchObject({ ok: false, code: 'locked' });
    expect(!tenth.ok && tenth.message).toMatch(
      /^the account alice is locked after 10 failed sign-ins within 15 min; it unlocks at .*, or an admin can unlock it now \(zervigo users unlock alice\)$/,
    );
    // Locked: even the right password is refused, and says why.
    expect(await attempt(passwordOf('alice'))).toMatchObject({ ok: false, code: 'locked' });
    await engine.dispatch('users.unlock', { name: 'alice' }, { actor: 'admin', transport: 'internal' });
    expect(await attempt(passwordOf('alice'))).toMatchObject({ ok: true });
    expect(engine.operate.audit.list({ action: 'user.unlock', limit: 1 })[0]).toMatchObject({ actor: 'admin', target: 'alice', outcome: 'ok' });
  });

  it('unlocks by itself after the lock time, and failures spread over more than the window do not lock', async () => {
    const { engine, auth, clock } = start();
    await addPerson(engine, 'alice', 'viewer');
    const attempt = (password: string) => auth.signIn(auth.methods.password, { username: 'alice', password }, client);
    for (let i = 0; i < 12; i++) {
      expect(await attempt(`wrong password number ${i}`)).toMatchObject({ code: 'unauthorized' });
      clock.advance(2 * 60_000);
    }
    for (let i = 0; i < 10; i++) await attempt(`wrong password number ${i}`);
    expect(await attempt(passwordOf('alice'))).toMatchObject({ code: 'locked' });
    clock.advance(15 * 60_000 + 1);
    expect(await attempt(passwordOf('alice'))).toMatchObject({ ok: true });
  });
});

describe('sessions', () => {
  it('end after 12 h idle and after 7 days however used, and on sign-out', async () => {
    const { engine, auth, clock } = start();
    await addPerson(engine, 'alice', 'viewer');
    const signIn = async () => {
      const outcome = await auth.signIn(auth.methods.password, { username: 'alice', password: passwordOf('alice') }, client);
      if (!outcome.ok) throw new Error(outcome.message);
      return outcome.sessionId;
    };
    const idle = await signIn();
    clock.advance(11 * 3_600_000);
    expect(auth.resolveSession(idle).ok).toBe(true);
    clock.advance(11 * 3_600_000);
    expect(auth.resolveSession(idle).ok).toBe(true);
    clock.advance(12 * 3_600_000 + 1);
    expect(auth.resolveSession(idle)).toEqual({ ok: false, message: 'your session has expired (it was unused for over 12 h): sign in again' });

    const busy = await signIn();
    for (let hour = 0; hour < 7 * 24 - 1; hour++) {
      clock.advance(3_600_000);
      expect(auth.resolveSession(busy).ok).toBe(true);
    }
    clock.advance(3_600_000);
    expect(auth.resolveSession(busy)).toEqual({ ok: false, message: 'your session has expired (it is over 7 d old): sign in again' });

    const third = await signIn();
    expect(auth.signOut(third)).toEqual({ ended: true, sso: null });
    expect(auth.resolveSession(third).ok).toBe(false);
  });

  it('are random 256-bit ids stored only hashed; a forged id opens nothing', async () => {
    const { engine, auth } = start();
    await addPerson(engine, 'alice', 'viewer');
    const outcome = await auth.signIn(auth.methods.password, { username: 'alice', password: passwordOf('alice') }, client);
    if (!outcome.ok) throw new Error(outcome.message);
    expect(Buffer.from(outcome.sessionId, 'base64url')).toHaveLength(32);
    const stored = engine.db.prepare('SELECT hash FROM auth_sessions').all() as { hash: string }[];
    expect(stored.map((row) => row.hash)).not.toContain(outcome.sessionId);
    expect(auth.resolveSession(`${outcome.sessionId.slice(0, -2)}AA`).ok).toBe(false);
    expect(auth.resolveSession('a'.repeat(43)).ok).toBe(false);
  });

  it('sign-out everywhere and a new password end every session of the person', async () => {
    const { engine, auth } = start();
    await addPerson(engine, 'alice', 'viewer');
    const sessions = await Promise.all(
      [1, 2, 3].map(async () => {
        const outcome = await auth.signIn(auth.methods.password, { username: 'alice', password: passwordOf('alice') }, client);
        return outcome.ok ? outcome.sessionId : '';
      }),
    );
    const first = auth.resolveSession(sessions[0]);
    if (!first.ok) throw new Error(first.message);
    expect(await engine.dispatch('auth.signOutEverywhere', undefined, contextFor(first.principal, 'http'))).toEqual({ sessions: 3 });
    expect(sessions.map((id) => auth.resolveSession(id).ok)).toEqual([false, false, false]);
  });
});

describe('tokens', () => {
  it('are stored as hashes, scoped no wider than their person, expire, and are revoked at once', async () => {
    const { engine, auth, clock } = start();
    await addPerson(engine, 'alice', 'operator');
    const full = await createToken(engine, 'alice', { name: 'ci' });
    expect(full.token).toMatch(/^zvg_[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(engine.db.prepare('SELECT * FROM api_tokens').all())).not.toContain(full.token);
    const resolved = auth.resolveBearer(full.token);
    expect(resolved).toMatchObject({ ok: true, principal: { name: 'alice (token ci)', role: 'operator', token: { name: 'ci', scopes: null } } });

    const narrow = await createToken(engine, 'alice', { name: 'watch', scopes: ['view'] });
    const narrowed = auth.resolveBearer(narrow.token);
    expect(narrowed.ok && [...narrowed.principal.permissions].sort()).toEqual(['signed_in', 'view']);
    await expect(createToken(engine, 'alice', { scopes: ['people'] })).rejects.toThrow('alice is an operator: a token cannot have people (needs admin)');

    const soon = await createToken(engine, 'alice', { name: 'soon', expires: '30d' });
    clock.advance(30 * 86_400_000);
    expect(auth.resolveBearer(soon.token)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^token soon of alice expired at 2026-12-22T12:00:00.000Z/) as unknown,
    });

    await engine.dispatch('tokens.revoke', { id: full.view.id }, { actor: 'admin', transport: 'internal' });
    expect(auth.resolveBearer(full.token)).toMatchObject({ ok: false, message: expect.stringMatching(/^token ci of alice was revoked at /) as unknown });
    const refusals = engine.operate.audit.list({ action: 'token.use', limit: 10 }).map((entry) => `${entry.actor} ${entry.outcome}`);
    expect(refusals).toEqual(['alice (token ci) refused', 'alice (token soon) refused']);
    expect(auth.resolveBearer('zvg_made-up-token-made-up-token-made-up-tok').ok).toBe(false);
  });

  it('stop working with their person, and the last admin cannot be removed or demoted', async () => {
    const { engine, auth } = start();
    await addPerson(engine, 'boss', 'admin');
    await addPerson(engine, 'bot', 'operator', { serviceAccount: true });
    const token = await createToken(engine, 'bot');
    expect(auth.resolveBearer(token.token)).toMatchObject({ ok: true, principal: { kind: 'service_account', name: 'bot (token ' + token.view.name + ')' } });
    await engine.dispatch('users.remove', { name: 'bot' }, { actor: 'boss', transport: 'internal' });
    expect(auth.resolveBearer(token.token).ok).toBe(false);
    await expect(engine.dispatch('users.setRole', { name: 'boss', role: 'viewer' }, { actor: 't', transport: 'internal' })).rejects.toThrow(
      'boss is the last admin of workspace default; make someone else an admin before you make boss viewer',
    );
    await expect(engine.dispatch('users.remove', { name: 'boss' }, { actor: 't', transport: 'internal' })).rejects.toBeInstanceOf(ZervigoError);
  });
});

describe('upgrading a data folder from before people', () => {
  it("makes the old API token the owner's admin token (migration 7), so it keeps working", async () => {
    const dataDir = tempDir();
    // The data folder as the previous version left it: its database at schema 5, the token beside it.
    const oldToken = 'Q'.repeat(20) + 'old-token-of-the-folder';
    fs.writeFileSync(path.join(dataDir, 'api-token'), `${oldToken}\n`, { mode: 0o600 });
    const BetterSqlite3 = (await import('better-sqlite3')).default;
    const old = new BetterSqlite3(path.join(dataDir, 'zervigo.db'));
    old.pragma(`application_id = ${APPLICATION_ID}`);
    migrate(
      old,
      migrations.filter((migration) => migration.version <= 5),
    );
    expect(old.pragma('user_version', { simple: true })).toBe(5);
    old.close();

    const engine = await startEngine(dataDir);
    const resolved = engine.auth.resolveBearer(oldToken);
    expect(resolved).toMatchObject({ ok: true, principal: { user: 'owner', role: 'admin', name: 'owner (token api-token)' } });
    expect(resolved.ok && resolved.principal.permissions.has('people')).toBe(true);
  });
});
