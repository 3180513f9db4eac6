// Type-only: the module itself is loaded below, after the CI variables are gone.
import type * as InkModuleNamespace from 'ink';

type InkModule = typeof InkModuleNamespace;

/**
 * Loads Ink for the live monitor. Ink draws only the last frame, on exit, when a CI variable is set
 * (it reads them once, as it loads). The monitor runs only on an interactive terminal (the command
 * checks), so a CI variable left in an operator's or a runner's environment would keep the screen
 * blank until quit: they are forgotten first.
 */
export async function loadInk(): Promise<InkModule> {
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  return import('ink');
}
