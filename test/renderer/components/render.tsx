/**
 * Component tests: a React tree rendered into jsdom inside the console's own providers (Mantine
 * with its theme, a hash router, a Bridge). Files that use this start with
 * `// @vitest-environment jsdom`.
 */
import { MantineProvider } from '@mantine/core';
import { cleanup, configure, render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach } from 'vitest';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import type { CommandName } from '../../../src/shared/contract';
import { BridgeContext } from '../../../src/renderer/src/bridge/use-bridge';
import type { RendererBridge } from '../../../src/renderer/src/bridge/renderer-bridge';
import { theme } from '../../../src/renderer/src/theme';

afterEach(() => cleanup());

// findBy/waitFor give up after 5 s, not 1 s: a hang guard, not a speed limit; a jsdom render on a 2-core
// machine at load 20 can take over a second.
configure({ asyncUtilTimeout: 5_000 });

installBrowserShims();

/** What jsdom lacks and Mantine needs: matchMedia, ResizeObserver, document.fonts, scrollIntoView. */
function installBrowserShims(): void {
  if (typeof window === 'undefined') return;
  if (typeof window.matchMedia !== 'function') {
    Object.defineProperty(window, 'matchMedia', { value: matchMediaNever, configurable: true, writable: true });
  }
  globalThis.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
  // Mantine's autosizing Textarea listens for web fonts loading.
  if (!('fonts' in document)) {
    Object.defineProperty(document, 'fonts', { value: { addEventListener: () => {}, removeEventListener: () => {} }, configurable: true });
  }
  if (!('scrollIntoView' in Element.prototype)) {
    Object.defineProperty(Element.prototype, 'scrollIntoView', { value: () => {} });
  }
}

function matchMediaNever(query: string): MediaQueryList {
  return mediaQueryList(query, false);
}

/** A media query's answer as jsdom cannot give it (it has no layout): `matches` as told, never changing. */
export function mediaQueryList(query: string, matches: boolean): MediaQueryList {
  const list = {
    matches,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  };
  return list as MediaQueryList;
}

export type InvokeHandler = (name: CommandName, input: unknown) => unknown;

/** A Bridge whose commands answer from `handler` and record every call. */
export function recordingBridge(handler: InvokeHandler = () => undefined): RendererBridge & { calls: { name: CommandName; input: unknown }[] } {
  const calls: { name: CommandName; input: unknown }[] = [];
  return {
    kind: 'web',
    calls,
    connection: { status: () => ({ socket: 'open', signedOut: false }), subscribe: () => () => {} } as unknown as RendererBridge['connection'],
    signIn: () => Promise.resolve(),
    signOut: () => Promise.resolve(),
    singleSignOn: () => Promise.resolve({ providers: [], error: null }),
    invoke: ((name: CommandName, input?: unknown) => {
      calls.push({ name, input });
      return Promise.resolve(handler(name, input));
    }) as RendererBridge['invoke'],
    subscribe: () => () => {},
  };
}

/** Renders `ui` in the console's providers, at `path` of the hash router (`location()` reads where it is now). */
export function renderInConsole(ui: ReactNode, options: { bridge?: RendererBridge; path?: string } = {}): RenderResult & { location: () => string } {
  const { hook, searchHook, history } = memoryLocation({ path: options.path ?? '/', record: true });
  const rendered = render(
    <MantineProvider theme={theme} defaultColorScheme="light">
      <BridgeContext value={options.bridge ?? recordingBridge()}>
        <Router hook={hook} searchHook={searchHook}>
          {ui}
        </Router>
      </BridgeContext>
    </MantineProvider>,
  );
  return { ...rendered, location: () => history.at(-1) ?? '' };
}
