import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRendererPath, serveRendererFile } from '../../src/main/renderer-files';
import { tempDir, writeFile } from '../helpers/temp-dir';

function renderer(): { root: string; outside: string } {
  const dir = tempDir('zervigo-renderer-');
  const root = path.join(dir, 'renderer');
  writeFile(root, 'index.html', '<!doctype html><title>Zervigo</title>');
  writeFile(root, 'assets/index-abc.js', 'console.log(1)');
  writeFile(root, 'assets/style.css', 'body{}');
  const outside = writeFile(dir, 'secret.txt', 'do not serve');
  return { root, outside };
}

const get = (url: string, method = 'GET') => ({ url, method });

describe('app protocol: the built renderer on app://zervigo', () => {
  it('serves files with their content type, the CSP, and index.html for "/"', async () => {
    const { root } = renderer();
    const options = { root, headers: { 'Content-Security-Policy': "default-src 'self'" } };
    const index = await serveRendererFile(get('app://zervigo/'), options);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await index.text()).toContain('<title>Zervigo</title>');
    const script = await serveRendererFile(get('app://zervigo/assets/index-abc.js?v=1#x'), options);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
    expect((await serveRendererFile(get('app://zervigo/assets/style.css'), options)).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers client-side routes with index.html, but a missing asset with 404', async () => {
    const { root } = renderer();
    const route = await serveRendererFile(get('app://zervigo/services/api'), { root });
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>Zervigo</title>');
    expect((await serveRendererFile(get('app://zervigo/assets/missing.js'), { root })).status).toBe(404);
  });

  it('refuses every way out of the folder', async () => {
    const { root, outside } = renderer();
    const attempts = [
      'app://zervigo/../secret.txt',
      'app://zervigo/%2e%2e/secret.txt',
      'app://zervigo/..%2fsecret.txt',
      'app://zervigo/assets/..%2f..%2fsecret.txt',
      'app://zervigo/%2e%2e%2fsecret.txt',
      'app://zervigo/..%5csecret.txt',
      `app://zervigo/${encodeURIComponent(outside)}`,
      'app://zervigo/index.html%00.js',
      'app://zervigo/%E0%A4%A',
      'app://other/index.html',
      'http://zervigo/index.html',
    ];
    for (const url of attempts) {
      const response = await serveRendererFile(get(url), { root });
      expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toContain('do not serve');
    }
  });

  it('does not follow a symlink that points outside', async () => {
    const { root, outside } = renderer();
    fs.symlinkSync(outside, path.join(root, 'assets', 'link.txt'));
    expect((await serveRendererFile(get('app://zervigo/assets/link.txt'), { root })).status).toBe(404);
  });

  it('only reads: other methods are refused', async () => {
    const { root } = renderer();
    expect((await serveRendererFile(get('app://zervigo/index.html', 'POST'), { root })).status).toBe(405);
    const head = await serveRendererFile(get('app://zervigo/index.html', 'HEAD'), { root });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('maps URLs to paths inside the root, never the root itself', () => {
    expect(resolveRendererPath('/r', 'app://zervigo/a/b.js')).toBe(path.resolve('/r/a/b.js'));
    expect(resolveRendererPath('/r', 'app://zervigo')).toBe(path.resolve('/r/index.html'));
    expect(resolveRendererPath('/r', 'app://zervigo/.')).toBe(path.resolve('/r/index.html'));
    expect(resolveRendererPath('/r', 'app://zervigo/a/%2e%2e/%2e%2e/x')).toBe(path.resolve('/r/x'));
  });
});
