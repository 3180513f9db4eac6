import { afterAll, beforeAll } from 'vitest';

/**
 * jsdom lays nothing out: the virtualized log viewer is given a size for the file's tests, so it
 * renders its rows. Call at the top level of a test file.
 */
export function giveViewerASize(): void {
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
    Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1000 });
  });
  afterAll(() => {
    delete (HTMLElement.prototype as unknown as Record<string, unknown>).clientHeight;
    delete (HTMLElement.prototype as unknown as Record<string, unknown>).clientWidth;
  });
}
