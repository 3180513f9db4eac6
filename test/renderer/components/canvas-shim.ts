/**
 * jsdom has no canvas: uPlot would get a null 2D context. A context whose every method does
 * nothing (and whose text measures zero) lets charts mount; what they draw is checked in
 * Chromium (the e2e tests), not here.
 */
export function installCanvasShim(): void {
  if (typeof HTMLCanvasElement === 'undefined') return;
  const context = new Proxy(
    {},
    {
      get: (_target, key) => (key === 'measureText' ? () => ({ width: 0 }) : key === 'canvas' ? undefined : () => undefined),
      set: () => true,
    },
  );
  Object.defineProperty(HTMLCanvasElement.prototype, 'getContext', { value: () => context, configurable: true });
  // uPlot builds series paths as Path2D once there is data; without it every redraw after the first throws.
  globalThis.Path2D ??= new Proxy(class {}, { construct: () => new Proxy({}, { get: () => () => undefined }) }) as unknown as typeof Path2D;
}
