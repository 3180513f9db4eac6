import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stopProcess } from '../helpers/cli';
import { freePort } from '../helpers/free-port';
import { ShippedProbePlugin } from '../helpers/shipped-probe-plugin';
import { tempDir } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

const children: ChildProcess[] = [];
const sockets: dgram.Socket[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => stopProcess(child)));
  for (const socket of sockets.splice(0)) socket.close();
});

/**
 * A real dnsmasq on a free port of 127.0.0.1, answering only from its command line: the .test
 * domain is local (unknown names are NXDOMAIN), nothing is forwarded upstream.
 */
async function startDnsmasq(): Promise<{ server: string; child: ChildProcess }> {
  const port = await freePort();
  const args = [
    '--no-daemon',
    `--port=${port}`,
    '--listen-address=127.0.0.1',
    '--bind-interfaces',
    '--no-resolv',
    '--no-hosts',
    '--conf-file=/dev/null',
    `--pid-file=${path.join(tempDir(), 'dnsmasq.pid')}`,
    '--log-facility=-',
    '--local=/test/',
    '--address=/example.test/10.1.2.3',
    '--host-record=host.test,10.0.0.5,fd00::5',
    '--cname=www.test,host.test',
    '--txt-record=txt.test,v=spf1 -all',
    '--mx-host=test,mail.test,10',
    // As root it would switch to the dnsmasq user; staying root keeps the pid file writable.
    ...(os.userInfo().uid === 0 ? ['--user=root'] : []),
  ];
  const child = spawn('/usr/sbin/dnsmasq', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`dnsmasq exited with ${child.exitCode}: ${log}`);
      return log.includes('started, version');
    },
    { what: 'dnsmasq to be ready', timeoutMs: 20_000 },
  );
  return { server: `127.0.0.1:${port}`, child };
}

/** A UDP "server" on 127.0.0.1 that answers each query with `answer(query)`, or never when it returns null. */
async function udpResponder(answer: (query: Buffer) => Buffer | null): Promise<string> {
  const socket = dgram.createSocket('udp4');
  sockets.push(socket);
  socket.on('message', (query, from) => {
    const reply = answer(query);
    if (reply !== null) socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return `127.0.0.1:${socket.address().port}`;
}

describe('the dns probe plugin (plugins/dns) against a real dnsmasq', () => {
  it('resolves A, AAAA, CNAME, TXT and MX, compares answers, and names NXDOMAIN, NODATA, SERVFAIL, garbage and timeouts', async () => {
    const { server, child } = await startDnsmasq();
    const refused = `127.0.0.1:${await freePort()}`;
    const silent = await udpResponder(() => null);
    const garbage = await udpResponder(() => Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'));
    // A well-formed answer with the query's id and RCODE 2 (SERVFAIL).
    const servfail = await udpResponder((query) => {
      const reply = Buffer.from(query);
      reply[2] = reply[2]! | 0x80;
      reply[3] = (reply[3]! & 0xf0) | 2;
      return reply;
    });
    const plugin = await ShippedProbePlugin.start('dns');
    plugin.load({
      a: { options: { name: 'example.test', server, expect: '10.1.2.3' } },
      aaaa: { options: { name: 'host.test', server, type: 'AAAA', expect: ['fd00::5'] } },
      cname: { options: { name: 'www.test', server, type: 'CNAME', expect: 'HOST.test.' } },
      txt: { options: { name: 'txt.test', server, type: 'TXT', expect: 'v=spf1 -all' } },
      mx: { options: { name: 'test', server, type: 'MX', expect: 'mail.test' } },
      wrong: { options: { name: 'example.test', server, expect: '10.9.9.9' } },
      nxdomain: { options: { name: 'missing.test', server } },
      nodata: { options: { name: 'host.test', server, type: 'MX' } },
      refused: { options: { name: 'example.test', server: refused } },
      silent: { options: { name: 'example.test', server: silent } },
      garbage: { options: { name: 'example.test', server: garbage } },
      servfail: { options: { name: 'example.test', server: servfail } },
    });

    for (const service of ['a', 'aaaa', 'cname', 'txt', 'mx']) expect((await plugin.until(service, 'up')).reason).toBeNull();
    expect(plugin.probe('a')).toMatchObject({ kind: 'dns' });
    await plugin.until('wrong', 'down', 'A example.test is "10.1.2.3", not "10.9.9.9" as expected');
    await plugin.until('nxdomain', 'down', `NXDOMAIN: missing.test does not exist (asked ${server})`);
    await plugin.until('nodata', 'down', `host.test has no MX record (NODATA from ${server})`);
    await plugin.until('refused', 'down', `connection refused by ${refused} (is a DNS server listening?)`);
    await plugin.until('silent', 'down', new RegExp(`^no answer from ${silent} within \\d+ ms \\(timeout\\)$`));
    await plugin.until('garbage', 'down', `the answer from ${garbage} is not valid DNS (EBADRESP)`);
    await plugin.until('servfail', 'down', `${servfail} answered SERVFAIL for example.test`);

    const exposition = await plugin.exposition();
    expect(exposition).toMatch(/probe_success\{[^}]*probe="dns#0"[^}]*service="a"[^}]*\} 1/);
    expect(exposition).toMatch(/dns_answers\{[^}]*service="a"[^}]*\} 1/);
    expect(exposition).toMatch(/dns_ttl_seconds\{[^}]*service="a"[^}]*\} \d/);

    await stopProcess(child);
    await plugin.until('a', 'down', `connection refused by ${server} (is a DNS server listening?)`);
  });

  it("checks the options against the plugin's schema at load, at file:line:col", async () => {
    const plugin = await ShippedProbePlugin.start('dns');
    expect(plugin.problems({ lookup: { options: { name: 'example.com', server: 'dns.example.com', type: 'SOA', expect: [] } } })).toEqual([
      expect.stringMatching(/^7:45 services\.lookup\.probes\[0\]\.dns\.server: plugin dns: must match pattern/),
      '7:70 services.lookup.probes[0].dns.type: plugin dns: must be equal to one of the allowed values: "A", "AAAA", "CNAME", "TXT", "MX", "NS"',
      '7:85 services.lookup.probes[0].dns.expect: plugin dns: must NOT have fewer than 1 items',
    ]);
    expect(plugin.problems({ lookup: { options: { name: 'example.com', expect: [1] } } })).toEqual([
      '7:46 services.lookup.probes[0].dns.expect[0]: plugin dns: must be string',
    ]);
    expect(plugin.problems({ lookup: { options: { name: 'example.com', server: '[::1]:53', type: 'AAAA', expect: 'fd00::5' } } })).toEqual([]);
  });
});
