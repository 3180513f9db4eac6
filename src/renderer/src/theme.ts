import { Badge, Button, Table, Tooltip, createTheme, localStorageColorSchemeManager } from '@mantine/core';

/** Dense and calm: operators scan, so text is small, spacing tight, and colour means state. */
export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'sm',
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: '"JetBrains Mono", "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace',
  headings: { fontWeight: '600' },
  cursorType: 'pointer',
  components: {
    Table: Table.extend({ defaultProps: { verticalSpacing: 6, horizontalSpacing: 'sm', fz: 'sm' } }),
    Badge: Badge.extend({ defaultProps: { radius: 'sm' } }),
    Button: Button.extend({ defaultProps: { size: 'xs' } }),
    Tooltip: Tooltip.extend({ defaultProps: { openDelay: 300, withArrow: true } }),
  },
});

/** The chosen theme (auto / light / dark) lives in localStorage under this key. */
export const colorSchemeManager = localStorageColorSchemeManager({ key: 'zervigo-color-scheme' });
