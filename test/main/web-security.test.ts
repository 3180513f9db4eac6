import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../src/main/content-security-policy';
import { isExternalWebUrl, isSameOrigin, originOf } from '../../src/main/origin';
import { guardWebContents } from '../../src/main/web-contents-guard';

describe('origins', () => {
  it('gives our custom scheme a real origin (WHATWG URL says "null" for it)', () => {
    expect(new URL('app://zervigo/index.html').origin).toBe('null');
    expect(originOf('app://zervigo/index.html#/alerts')).toBe('app://zervigo');
    expect(originOf('http://localhost:5173/src/main.tsx')).toBe('http://localhost:5173');
    expect(originOf('HTTP://LOCALHOST:80/')).toBe('http://localhost');
    expect(originOf('file:///etc/passwd')).toBeNull();
    expect(originOf('about:blank')).toBeNull();
    expect(originOf('nonsense')).toBeNull();
  });

  it('compares origins, not prefixes', () => {
    expect(isSameOrigin('app://zervigo/x', 'app://zervigo')).toBe(true);
    expect(isSameOrigin('app://zervigo.evil/x', 'app://zervigo')).toBe(false);
    expect(isSameOrigin('http://localhost:5173.evil.example/', 'http://localhost:5173')).toBe(false);
    expect(isSameOrigin('https://localhost:5173/', 'http://localhost:5173')).toBe(false);
  });

  it('lets only http(s) links out to the OS browser', () => {
    expect(isExternalWebUrl('https://grafana.example.com/d/1')).toBe(true);
    expect(isExternalWebUrl('http://127.0.0.1:9090/')).toBe(true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'ms-settings:', 'app://zervigo/', 'x'])
      expect(isExternalWebUrl(url), url).toBe(false);
  });
});

describe('Content-Security-Policy', () => {
  it('is strict in production', () => {
    expect(contentSecurityPolicy()).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
  });

  it("allows the dev server's inline preamble and HMR socket only in development", () => {
    const dev = contentSecurityPolicy('http://localhost:5173');
    expect(dev).toContain("script-src 'self' 'unsafe-inline';");
    expect(dev).toContain("connect-src 'self' ws://localhost:5173;");
    expect(dev).toContain("object-src 'none'");
  });
});

/** Electron's webContents events, played by an EventEmitter (Electron cannot run here). */
class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.openHandler = handler;
  }
}

function navigationEvent(): { prevented: boolean; preventDefault(): void } {
  return {
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  };
}

describe('web contents guard', () => {
  function guarded(): { contents: FakeContents; opened: string[]; refused: string[] } {
    const contents = new FakeContents();
    const opened: string[] = [];
    const refused: string[] = [];
    guardWebContents(contents as never, {
      appOrigin: 'app://zervigo',
      openExternal: async (url) => void opened.push(url),
      onRefused: (what, url) => refused.push(`${what} ${url}`),
    });
    return { contents, opened, refused };
  }

  it('keeps navigation inside the app origin', () => {
    const { contents, refused } = guarded();
    const inside = navigationEvent();
    contents.emit('will-navigate', inside, 'app://zervigo/index.html#/services');
    expect(inside.prevented).toBe(false);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other/']) {
      const outside = navigationEvent();
      contents.emit('will-navigate', outside, url);
      expect(outside.prevented, url).toBe(true);
    }
    const redirect = navigationEvent();
    contents.emit('will-redirect', redirect, 'https://evil.example/');
    expect(redirect.prevented).toBe(true);
    expect(refused).toHaveLength(4);
  });

  it('denies every new window and sends http(s) links to the OS browser', () => {
    const { contents, opened } = guarded();
    expect(contents.openHandler?.({ url: 'https://docs.example.com/runbook' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'app://zervigo/index.html' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://docs.example.com/runbook']);
  });

  it('prevents webviews', () => {
    const { contents } = guarded();
    const attach = navigationEvent();
    contents.emit('will-attach-webview', attach);
    expect(attach.prevented).toBe(true);
  });
});
