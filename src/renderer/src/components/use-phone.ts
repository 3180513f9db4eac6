import { useMediaQuery } from '@mantine/hooks';

/** A phone-sized screen (under 576 px): dialogs take the whole screen there. */
export function usePhone(): boolean {
  return useMediaQuery('(max-width: 36em)') ?? false;
}
