import { pages } from './pages';

export interface ShortcutEntry {
  /** Keys pressed in order; each entry is one key or a chord like "mod+K". */
  keys: string[];
  description: string;
}

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** The shortcuts that exist, as listed under "?". Keep it short and true. */
export const shortcuts: readonly ShortcutEntry[] = [
  { keys: [isMac ? '⌘+K' : 'Ctrl+K'], description: 'Command palette: pages and services' },
  { keys: ['?'], description: 'This list' },
  ...pages.filter((page) => page.goKey !== undefined).map((page) => ({ keys: ['g', page.goKey as string], description: `Go to ${page.label}` })),
  { keys: ['/'], description: 'Focus the filter box (Services)' },
  { keys: [isMac ? '⌘+Enter' : 'Ctrl+Enter'], description: 'Run the query (Explore)' },
];
