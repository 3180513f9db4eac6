import { createHash, createHmac } from 'node:crypto';

/** One line of known_hosts that names the host, with its key. */
export interface KnownKey {
  line: number;
  type: string;
  key: string;
}

/** How known_hosts names a host: `host`, or `[host]:port` when the port is not 22. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** Keys known_hosts holds for a host (plain, wildcard and hashed `|1|salt|hash` entries; @revoked lines are skipped). */
export function keysFor(text: string, host: string, port: number): KnownKey[] {
  const name = knownHostsName(host, port);
  const keys: KnownKey[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('@revoked')) return;
    const fields = line.replace(/^@cert-authority\s+/, '').split(/\s+/);
    if (fields.length < 3) return;
    const [hosts, type, key] = fields as [string, string, string];
    if (hostsMatch(hosts, name)) keys.push({ line: index + 1, type, key });
  });
  return keys;
}

function hostsMatch(field: string, name: string): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (salt === undefined || hash === undefined) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  let matched = false;
  for (const pattern of field.split(',')) {
    const negated = pattern.startsWith('!');
    const body = negated ? pattern.slice(1) : pattern;
    const regex = new RegExp(
      `^${body
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    if (regex.test(name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/** SHA256:… as ssh-keygen -l prints it. */
export function fingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}
