import type { WebContents } from 'electron';
import { isExternalWebUrl, isSameOrigin } from './origin';

export interface GuardOptions {
  appOrigin: string;
  /** shell.openExternal; called only with http(s) URLs. */
  openExternal: (url: string) => Promise<void>;
  onRefused?: (what: string, url: string) => void;
}

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * Applied to every webContents the app creates: it may navigate only within our origin, may
 * never open a window of its own (links go to the OS browser) and may not attach a webview.
 */
export function guardWebContents(contents: GuardedContents, options: GuardOptions): void {
  const refuse = options.onRefused ?? (() => {});
  const stayInside = (event: { preventDefault(): void }, url: string): void => {
    if (isSameOrigin(url, options.appOrigin)) return;
    event.preventDefault();
    refuse('navigation', url);
  };
  contents.on('will-navigate', stayInside);
  contents.on('will-redirect', stayInside);
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) void options.openExternal(url).catch(() => refuse('external link', url));
    else refuse('window', url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    refuse('webview', '');
  });
}
