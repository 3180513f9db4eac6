import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** A real git repository in a temporary folder, with commits made by the test. */
export class GitFixture {
  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
    this.git('init', '--quiet', '--initial-branch=main');
    this.git('config', 'user.email', 'dev@example.com');
    this.git('config', 'user.name', 'Dev Eloper');
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
  }

  /** Writes the files and commits them; returns the commit id. */
  commit(files: Record<string, string>, message: string): string {
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(this.dir, name), content);
    this.git('add', '-A');
    this.git('commit', '--quiet', '-m', message);
    return this.git('rev-parse', 'HEAD').trim();
  }
}

/** A small HTTP service: answers its version on / and /health (or exits at once when broken). */
export function versionServer(version: string, options: { broken?: boolean } = {}): string {
  if (options.broken === true) return "console.error('boom: missing config'); process.exit(1);\n";
  return `const http = require('node:http');
const server = http.createServer((req, res) => { res.setHeader('connection', 'close'); res.end(${JSON.stringify(version)}); });
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;
}
