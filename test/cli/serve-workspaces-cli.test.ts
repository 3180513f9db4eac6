import { describe, expect, it } from 'vitest';
import { runCli, runCliAsync, startServe, stopProcess } from '../helpers/cli';
import { tempDir, writeFile } from '../helpers/temp-dir';

describe('zervigo serve with several workspaces', () => {
  it('hosts each --workspace name=file and the --workspaces file, with quotas; the owner token opens each; client commands take --workspace', async () => {
    const dataDir = tempDir();
    const dir = tempDir();
    writeFile(dir, 'shop.yaml', 'version: 1\nservices:\n  cart: {}\n');
    writeFile(dir, 'blog.yaml', 'version: 1\nservices:\n  posts: {}\n');
    writeFile(
      dir,
      'server.yaml',
      'workspaces:\n  shop:\n    file: shop.yaml\n    quotas: { probes: 10, min_probe_interval: 10s, log_storage: 50MB, actions_per_minute: 30 }\n',
    );
    const serve = await startServe(['--port', '0', '--data-dir', dataDir, '--workspaces', `${dir}/server.yaml`, '--workspace', 'blog=blog.yaml'], { cwd: dir });
    try {
      expect(serve.output()).toMatch(
        /shop\s+http:\/\/127\.0\.0\.1:\d+\/w\/shop\/\s+.*shop\.yaml\s+quotas 10 probes, every ≥ 10s, logs ≤ 47\.7 MiB, 30 actions\/min/,
      );
      expect(serve.output()).toMatch(/blog\s+http:\/\/127\.0\.0\.1:\d+\/w\/blog\/\s+.*blog\.yaml/);
      const token = runCli(['token', '--data-dir', dataDir]).stdout.trim();
      const names = async (workspace: string) => {
        const response = await fetch(`${serve.url}/w/${workspace}/api/v1/services`, { headers: { authorization: `Bearer ${token}` } });
        return ((await response.json()) as { name: string }[]).map((service) => service.name);
      };
      expect(await names('shop')).toEqual(['cart']);
      expect(await names('blog')).toEqual(['posts']);
      const incidents = await runCliAsync(['incidents', '--json', '--url', serve.url, '--data-dir', dataDir, '--workspace', 'nope']);
      expect(incidents.stderr).toBe('zervigo: no workspace nope on this server; this server hosts shop, blog\n');
      expect((await runCliAsync(['incidents', '--json', '--url', serve.url, '--data-dir', dataDir, '--workspace', 'blog'])).status).toBe(0);
    } finally {
      expect(await stopProcess(serve.child)).toBe(0);
    }
  });

  it('refuses a workspace over its quota at start with file:line, and a plain file beside named ones', () => {
    const dir = tempDir();
    writeFile(dir, 'shop.yaml', 'version: 1\nservices:\n  cart:\n    probes: [{ tcp: 127.0.0.1:1, every: 1s }]\n');
    writeFile(dir, 'server.yaml', 'workspaces:\n  shop: { file: shop.yaml, quotas: { min_probe_interval: 10s } }\n');
    const over = runCli(['serve', '--port', '0', '--data-dir', tempDir(), '--workspaces', `${dir}/server.yaml`], { cwd: dir });
    expect(over.status).toBe(1);
    expect(over.stderr).toMatch(/workspace shop: .*shop\.yaml has 1 error:\n.*shop\.yaml:4:\d+: services\.cart\.probes\[0\]\.every: quota min_probe_interval/);
    const mixed = runCli(['serve', '--port', '0', '--data-dir', tempDir(), '-w', 'shop=shop.yaml', '-w', 'other.yaml'], { cwd: dir });
    expect(mixed.stderr).toBe('zervigo: --workspace other.yaml: with several workspaces, name each (--workspace name=other.yaml)\n');
    const badFile = runCli(['serve', '--port', '0', '--data-dir', tempDir(), '--workspaces', `${dir}/shop.yaml`], { cwd: dir });
    expect(badFile.stderr).toMatch(/shop\.yaml:1:1: : unknown keys? .*version/);
  });
});
