import { Badge, Button, Code, DataList, Drawer, EmptyState, Modal, Table, Tooltip, createTheme, localStorageColorSchemeManager } from '@mantine/core';
import overlays from './overlays.module.css';

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
    // On a phone (overlays.module.css): tooltips wrap within the screen, dialogs and drawers fill it.
    Tooltip: Tooltip.extend({ defaultProps: { openDelay: 300, withArrow: true }, classNames: { tooltip: overlays.tooltip } }),
    Modal: Modal.extend({ classNames: { root: overlays.modalRoot, inner: overlays.modalInner, content: overlays.modalContent } }),
    Drawer: Drawer.extend({ classNames: { root: overlays.drawerRoot } }),
    // A long value (a path, a URL) wraps rather than push its page wider than a phone.
    DataList: DataList.extend({ styles: { itemValue: { minWidth: 0, overflowWrap: 'anywhere' } } }),
    // An empty state's example (a YAML snippet) scrolls within itself rather than widen a phone's page.
    EmptyState: EmptyState.extend({ styles: { body: { maxWidth: '100%', minWidth: 0 } } }),
    Code: Code.extend({ styles: { root: { maxWidth: '100%' } } }),
  },
});

/** The chosen theme (auto / light / dark) lives in localStorage under this key. */
export const colorSchemeManager = localStorageColorSchemeManager({ key: 'zervigo-color-scheme' });
