import { Code } from '@mantine/core';

/**
 * A series written as its selector (`name{label="value",…}`), breaking anywhere: a selector has no
 * spaces, so without this one long instance label widens its table column past the page.
 */
export function SeriesSelector({ selector }: { selector: string }) {
  return (
    <Code fz="xs" style={{ wordBreak: 'break-all', whiteSpace: 'normal' }}>
      {selector}
    </Code>
  );
}
