import { Code } from '@mantine/core';
import type { CSSProperties } from 'react';
import classes from './ExampleCode.module.css';

/**
 * A workspace-file example in an empty state: monospace, every line whole at any width (wrapped
 * with a hanging indent, never clipped or scrolled out of sight), and copied exactly as written.
 */
export function ExampleCode({ children, testId }: { children: string; testId?: string }) {
  return (
    <Code block fz="xs" className={classes.example} data-testid={testId}>
      {children.split('\n').map((line, i) => {
        const indent = line.length - line.trimStart().length;
        return (
          <span key={i} className={classes.line} style={{ '--hang': `${indent + 2}ch` } as CSSProperties}>
            {line}
          </span>
        );
      })}
    </Code>
  );
}
