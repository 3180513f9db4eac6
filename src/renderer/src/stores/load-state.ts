/** Where a piece of state fetched from the engine stands. */
export type LoadState = { status: 'loading' } | { status: 'ready' } | { status: 'failed'; message: string };

export const loading: LoadState = { status: 'loading' };

export function failed(error: unknown): LoadState {
  return { status: 'failed', message: error instanceof Error ? error.message : String(error) };
}
