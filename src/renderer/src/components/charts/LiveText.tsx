import { Text as MantineText, type TextProps } from '@mantine/core';
import { useEffect, useEffectEvent, useRef } from 'react';

/**
 * Text that updates itself: `subscribe` hands it a setter, which writes the DOM directly.
 * For numbers that change every sample (CPU %, latency) without re-rendering React.
 */
export function LiveText({
  initial,
  subscribe,
  ...textProps
}: { initial: string; subscribe: (set: (text: string) => void) => () => void } & TextProps & { 'data-testid'?: string }) {
  const element = useRef<HTMLParagraphElement>(null);
  const start = useEffectEvent(subscribe);
  useEffect(
    () =>
      start((text) => {
        // Change React's own text node in place, so React and the DOM never disagree about it.
        const node = element.current?.firstChild;
        if (node instanceof Text && node.nodeValue !== text) node.nodeValue = text;
        else if (node === null || node === undefined) element.current?.append(text);
      }),
    [],
  );
  return (
    <MantineText ref={element} {...textProps}>
      {initial}
    </MantineText>
  );
}
