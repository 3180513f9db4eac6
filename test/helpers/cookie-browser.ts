/**
 * A browser's part in a redirect dance, over real HTTP: follows redirects by hand and keeps
 * cookies per host (like a browser, not per port: 127.0.0.1's cookies reach every port on it).
 */
export class CookieBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  cookie(host: string, name: string): string | undefined {
    return this.jar.get(host)?.get(name);
  }

  /** GET (or POST a form) and follow redirects (not to a URL `stopAt` picks); the last response and the URLs visited. */
  async go(
    url: string,
    form?: Record<string, string>,
    options: { stopAt?: ((url: URL) => boolean) | undefined } = {},
  ): Promise<{ response: Response; url: string; visited: string[] }> {
    let current = new URL(url);
    let body: URLSearchParams | undefined = form === undefined ? undefined : new URLSearchParams(form);
    const visited: string[] = [];
    for (let hop = 0; hop < 20; hop++) {
      visited.push(current.href);
      const headers: Record<string, string> = {};
      const cookies = this.jar.get(current.hostname);
      if (cookies !== undefined && cookies.size > 0) headers.cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
      const response = await fetch(current, { method: body === undefined ? 'GET' : 'POST', headers, body, redirect: 'manual' });
      this.store(current.hostname, response);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || location === null) return { response, url: current.href, visited };
      await response.arrayBuffer();
      const next = new URL(location, current);
      if (options.stopAt?.(next) === true) return { response, url: next.href, visited };
      current = next;
      body = undefined;
    }
    throw new Error(`too many redirects from ${url}`);
  }

  private store(host: string, response: Response): void {
    const cookies = this.jar.get(host) ?? new Map<string, string>();
    this.jar.set(host, cookies);
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = (pair ?? '').indexOf('=');
      const name = (pair ?? '').slice(0, at).trim();
      const value = (pair ?? '').slice(at + 1).trim();
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute) || /^\s*expires=Thu, 01 Jan 1970/i.test(attribute));
      if (expired || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
  }
}
