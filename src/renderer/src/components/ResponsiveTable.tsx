import { Table, type TableProps } from '@mantine/core';
import type { CSSProperties } from 'react';
import classes from './ResponsiveTable.module.css';

/**
 * A table that fits a phone. `cards`: each row becomes a card, each cell shown under its column's
 * name (`cardColumns` to a line) — give every Table.Td a `data-label`, and `data-card="full"` to
 * the cells that name the row, carry its state or its actions (`"hide"` for what a card can do
 * without); wider screens get the table. `scroll`: at any width the table keeps its columns (at
 * least `minWidth` px) and scrolls within itself, its first column pinned.
 */
export function ResponsiveTable({
  phone,
  minWidth,
  cardColumns = 2,
  className,
  style,
  ...props
}: TableProps & { phone: 'cards' | 'scroll'; minWidth?: number; cardColumns?: number }) {
  if (phone === 'cards')
    return (
      <Table
        {...props}
        style={{ ...(style as CSSProperties | undefined), '--card-columns': cardColumns }}
        className={[classes.cards, className].filter(Boolean).join(' ')}
      />
    );
  return (
    <div className={classes.scroller}>
      <Table
        {...props}
        style={{ ...(style as CSSProperties | undefined), ...(minWidth === undefined ? {} : { '--table-min-width': `${minWidth}px` }) }}
        className={[classes.pinned, className].filter(Boolean).join(' ')}
      />
    </div>
  );
}
