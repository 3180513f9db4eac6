import fs from 'node:fs';

/**
 * The TCP ports a service's processes listen on: its main process, its process group (services
 * run in a group of their own) and its direct children. From /proc/net/tcp{,6} (LISTEN sockets
 * by inode) and /proc/<pid>/fd (who holds them). Null where /proc cannot be read.
 */
export function listeningPorts(rootPid: number): number[] | null {
  const portByInode = listeningSockets();
  if (portByInode === null) return null;
  if (portByInode.size === 0) return [];
  const ports = new Set<number>();
  for (const pid of processFamily(rootPid)) {
    for (const inode of socketInodesOf(pid)) {
      const port = portByInode.get(inode);
      if (port !== undefined) ports.add(port);
    }
  }
  return [...ports].sort((a, b) => a - b);
}

/** The inodes of the sockets a process holds open (none when it is gone or not ours to see). */
export function socketInodesOf(pid: number): string[] {
  let fds: string[];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  const inodes: string[] = [];
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match !== null) inodes.push(match[1] as string);
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}

/** Socket inode → local port of every listening TCP socket. */
export function listeningSockets(): Map<string, number> | null {
  const out = new Map<string, number>();
  let readAny = false;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    readAny = true;
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      // State 0A is LISTEN.
      if (local === undefined || fields[3] !== '0A' || fields[9] === undefined) continue;
      out.set(fields[9], Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16));
    }
  }
  return readAny ? out : null;
}

function processFamily(rootPid: number): number[] {
  const family = [rootPid];
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return family;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === rootPid) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'latin1');
      // After the command name: state, ppid, pgrp.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === rootPid || Number(fields[2]) === rootPid) family.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return family;
}
