import { describe, expect, it } from 'vitest';
import { resolveDataDir } from '../../src/core/data-dir';

describe('resolveDataDir', () => {
  const home = '/home/op';
  it('prefers --data-dir, then ZERVIGO_DATA_DIR', () => {
    expect(resolveDataDir({ flag: '/x', env: { ZERVIGO_DATA_DIR: '/y' }, home })).toBe('/x');
    expect(resolveDataDir({ env: { ZERVIGO_DATA_DIR: '/y' }, home })).toBe('/y');
  });
  it('follows XDG on Linux', () => {
    expect(resolveDataDir({ env: {}, platform: 'linux', home })).toBe('/home/op/.local/share/zervigo');
    expect(resolveDataDir({ env: { XDG_DATA_HOME: '/data' }, platform: 'linux', home })).toBe('/data/zervigo');
    expect(resolveDataDir({ env: { XDG_DATA_HOME: 'relative' }, platform: 'linux', home })).toBe('/home/op/.local/share/zervigo');
  });
  it('uses the platform folders on macOS and Windows', () => {
    expect(resolveDataDir({ env: {}, platform: 'darwin', home })).toBe('/home/op/Library/Application Support/Zervigo');
    expect(resolveDataDir({ env: { APPDATA: 'C:/Users/op/AppData/Roaming' }, platform: 'win32', home })).toMatch(/Roaming[\\/]Zervigo$/);
  });
});
