#!/usr/bin/env node
'use strict';
/**
 * Run by `npm test` before anything else: the tests use real programs (tmux servers, Chromium,
 * Prometheus, TLS certificates made by openssl, a virtual display), and a test that needs one
 * must fail loudly rather than skip. So this checks for each of them and, where it may (as root,
 * or with sudo that needs no password, on a machine with apt-get), installs what is missing.
 * Otherwise it stops at once with one line naming the packages and the command that installs them.
 *
 * Plain CommonJS without dependencies: it runs before anything is built.
 * ZERVIGO_NO_INSTALL=1 checks only (never installs).
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/**
 * What the tests need: a program (found on PATH, or at an absolute path) and the Debian package
 * that provides it. Add a line here when a test starts to need another program.
 */
const REQUIREMENTS = [
  { program: 'tmux', package: 'tmux', why: 'real tmux sessions' },
  { program: '/usr/bin/chromium', package: 'chromium', why: 'end-to-end tests in a real browser' },
  { program: '/usr/bin/prometheus', package: 'prometheus', why: 'PromQL conformance against the real Prometheus' },
  { program: '/usr/bin/promtool', package: 'prometheus', why: '`promtool check rules` of exported rules' },
  { program: 'openssl', package: 'openssl', why: 'certificates for the TLS probe tests' },
  { program: 'xvfb-run', package: 'xvfb', why: 'a virtual display for headed screenshots' },
  { program: '/usr/bin/prometheus-alertmanager', package: 'prometheus-alertmanager', why: 'alerts sent to a real Alertmanager' },
  { program: '/usr/bin/victoria-metrics', package: 'victoria-metrics', why: 'remote_write read back from VictoriaMetrics' },
  { program: '/usr/sbin/sshd', package: 'openssh-server', why: 'agents reached through a real SSH tunnel' },
  { program: '/usr/lib/postgresql/15/bin/postgres', package: 'postgresql', why: 'the postgresql probe plugin against a real PostgreSQL' },
  { program: '/usr/sbin/mariadbd', package: 'mariadb-server', why: 'the mysql probe plugin against a real MariaDB' },
  { program: '/usr/bin/mariadb-install-db', package: 'mariadb-server', why: 'a fresh MariaDB data folder for the mysql probe plugin' },
  { program: '/usr/bin/redis-server', package: 'redis-server', why: 'the redis probe plugin against a real Redis' },
  { program: '/usr/sbin/dnsmasq', package: 'dnsmasq', why: 'the dns probe plugin against a real DNS server' },
];

function onPath(program, envPath) {
  if (path.isAbsolute(program)) return isExecutable(program);
  return (envPath ?? '').split(path.delimiter).some((dir) => dir !== '' && isExecutable(path.join(dir, program)));
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The Debian packages to install for what is missing, each once, in the table's order. */
function missingPackages(requirements, exists) {
  const packages = [];
  for (const requirement of requirements) {
    if (!exists(requirement.program) && !packages.includes(requirement.package)) packages.push(requirement.package);
  }
  return packages;
}

/** How this process may install system packages: 'root', 'sudo' (no password), or null. */
function installPrivilege(env) {
  if (typeof process.getuid === 'function' && process.getuid() === 0) return 'root';
  if (!onPath('sudo', env.PATH)) return null;
  const probe = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore', timeout: 10_000 });
  return probe.status === 0 ? 'sudo' : null;
}

function installCommand(packages) {
  return `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

function runApt(privilege, args) {
  const command = privilege === 'root' ? 'apt-get' : 'sudo';
  const argv = privilege === 'root' ? args : ['-n', 'apt-get', ...args];
  const result = spawnSync(command, argv, {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status === 0) return null;
  const lines = String(result.stderr ?? result.error?.message ?? '')
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '');
  return lines.at(-1) ?? `exit code ${result.status}`;
}

function main() {
  const env = process.env;
  const exists = (program) => onPath(program, env.PATH);
  const packages = missingPackages(REQUIREMENTS, exists);
  if (packages.length === 0) return 0;

  const privilege = env.ZERVIGO_NO_INSTALL === '1' ? null : installPrivilege(env);
  const canApt = onPath('apt-get', env.PATH);
  if (privilege === null || !canApt) {
    const how = canApt ? `install them with: ${installCommand(packages)}` : `install them with your package manager (on Debian: ${installCommand(packages)})`;
    process.stderr.write(`npm test needs ${packages.join(', ')}, which ${packages.length === 1 ? 'is' : 'are'} missing; ${how}\n`);
    return 1;
  }

  process.stdout.write(`Installing what the tests need: ${packages.join(' ')} (apt-get, as ${privilege})...\n`);
  const failure = runApt(privilege, ['update', '-qq']) ?? runApt(privilege, ['install', '-y', '-qq', '--no-install-recommends', ...packages]);
  const stillMissing = missingPackages(REQUIREMENTS, exists);
  if (failure !== null || stillMissing.length > 0) {
    process.stderr.write(
      `npm test needs ${stillMissing.join(', ')}: apt-get failed (${failure ?? 'the programs are still missing'}); install them with: ${installCommand(stillMissing)}\n`,
    );
    return 1;
  }
  return 0;
}

module.exports = { REQUIREMENTS, missingPackages, installCommand };

if (require.main === module) process.exit(main());
