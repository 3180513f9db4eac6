/**
 * jsdom lays nothing out, and its Range has no getClientRects: CodeMirror (the config editor)
 * measures selections with it and throws from its measure loop. Empty rectangles let the editor
 * mount; how it looks is checked in Chromium (the e2e tests), not here.
 */
export function installRangeShim(): void {
  if (typeof Range === 'undefined') return;
  const emptyRects = (): DOMRectList => Object.assign([], { item: () => null });
  const emptyRect = (): DOMRect => ({ x: 0, y: 0, width: 0, height: 0, top: 0, left: 0, right: 0, bottom: 0, toJSON: () => ({}) });
  Object.defineProperty(Range.prototype, 'getClientRects', { value: emptyRects, configurable: true });
  Object.defineProperty(Range.prototype, 'getBoundingClientRect', { value: emptyRect, configurable: true });
}
