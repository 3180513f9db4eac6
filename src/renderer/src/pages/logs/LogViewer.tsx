import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { LogLine } from '../../../../shared/types/logs';
import type { FeedLine } from './log-feed';
import { formatAbsoluteTime } from '../../format/time';
import { displayText, formatLogTime, highlightParts, levelLabel } from '../../format/log-level';
import { usePhone } from '../../components/use-phone';
import classes from './LogViewer.module.css';

/** One line of 18 px and its padding; on a phone two: what, then the message across the width. */
const ROW_HEIGHT = 20;
const PHONE_ROW_HEIGHT = 38;
/** Within this many pixels of the bottom counts as "at the bottom" (following). */
const BOTTOM_SLACK = 24;

function Highlighted({ text, terms }: { text: string; terms: readonly string[] }) {
  return (
    <>
      {highlightParts(text, terms).map((part, i) =>
        part.match ? (
          <mark key={i} className={classes.mark}>
            {part.text}
          </mark>
        ) : (
          part.text
        ),
      )}
    </>
  );
}

/** What a row shows of a line, worked out once per line (JSON lines are parsed for it). */
const shown = new WeakMap<LogLine, ReturnType<typeof displayText>>();
function displayOf(line: LogLine): ReturnType<typeof displayText> {
  let display = shown.get(line);
  if (display === undefined) {
    const newline = line.text.indexOf('\n');
    display = displayText(newline >= 0 ? line.text.slice(0, newline) : line.text);
    shown.set(line, display);
  }
  return display;
}

const LogRow = memo(function LogRow({
  line,
  terms,
  expanded,
  anchor,
  href,
  showHost,
  onToggle,
  fieldHref,
}: {
  line: FeedLine;
  terms: readonly string[];
  expanded: boolean;
  anchor: boolean;
  href: string | undefined;
  showHost: boolean;
  onToggle: (key: string) => void;
  fieldHref: ((key: string, value: string) => string | undefined) | undefined;
}) {
  const newline = line.text.indexOf('\n');
  const multiline = newline >= 0;
  const first = displayOf(line);
  const rest = multiline ? line.text.slice(newline) : '';
  const more = multiline ? line.text.split('\n').length - 1 : 0;
  const fields = Object.entries(line.fields ?? {});
  const toggleLabel = [
    multiline ? `${more} more line${more === 1 ? '' : 's'}` : '',
    fields.length > 0 ? `${fields.length} field${fields.length === 1 ? '' : 's'}` : '',
  ]
    .filter((part) => part !== '')
    .join(' · ');
  return (
    <>
      {href === undefined || anchor ? (
        <span className={classes.time} title={formatAbsoluteTime(line.ts)}>
          {formatLogTime(line.ts)}
        </span>
      ) : (
        // The time opens the line's context: a real link, so it can be opened in a new tab or copied.
        <a
          className={`${classes.time} ${classes.timeLink}`}
          href={href}
          title={`${formatAbsoluteTime(line.ts)} — show the lines around this one`}
          data-testid="log-line-context"
        >
          {formatLogTime(line.ts)}
        </a>
      )}
      <span className={classes.level} title={line.level}>
        {levelLabel[line.level]}
      </span>
      {showHost && (
        <span className={classes.host} title={`on ${line.host ?? 'local'}`} data-testid="log-row-host">
          {line.host ?? 'local'}
        </span>
      )}
      <span className={classes.service} title={`${line.service} — ${line.source}`}>
        {line.service}
      </span>
      <span className={classes.text} data-anchor={anchor || undefined} title={line.text.length > 200 ? undefined : line.text}>
        <Highlighted text={first.message} terms={terms} />
        {first.fields !== '' && (
          <span className={classes.fields}>
            {'  '}
            <Highlighted text={first.fields} terms={terms} />
          </span>
        )}
        {expanded && <Highlighted text={rest} terms={terms} />}
        {expanded && fields.length > 0 && <ParsedFields fields={fields} href={fieldHref} />}
      </span>
      {toggleLabel !== '' && (
        <button type="button" className={classes.more} onClick={() => onToggle(lineKey(line))} aria-expanded={expanded}>
          {expanded ? '▾ less' : `▸ ${toggleLabel}`}
        </button>
      )}
    </>
  );
});

/**
 * What a plugin's log parser read from the line, under it when the line is opened: each pair
 * links to the search narrowed to it (field.KEY:VALUE) where the pair can be written as one word.
 */
function ParsedFields({ fields, href }: { fields: [string, string][]; href: ((key: string, value: string) => string | undefined) | undefined }) {
  return (
    <span className={classes.parsedFields} data-testid="log-line-fields">
      {fields.map(([key, value]) => {
        const link = href?.(key, value);
        const pair = (
          <>
            <span className={classes.fieldKey}>{key}</span>={value}
          </>
        );
        return link === undefined ? (
          <span key={key} className={classes.field}>
            {pair}
          </span>
        ) : (
          <a key={key} className={classes.field} href={link} title={`Only lines with field.${key}:${value}`}>
            {pair}
          </a>
        );
      })}
    </span>
  );
}

/** A line's key in the viewer: ids are each host's own, so a fleet-wide view keys by host too. */
function lineKey(line: FeedLine): string {
  return line.host === undefined ? String(line.id) : `${line.host}:${line.id}`;
}

export interface LogViewerProps {
  lines: readonly FeedLine[];
  version: number;
  terms: readonly string[];
  /** Keep the newest line in view as lines arrive. */
  follow: boolean;
  anchorId: number | null;
  /** Where a line's time links to (its context); no link when absent or undefined. */
  lineHref?: (line: FeedLine) => string | undefined;
  /** A column naming each line's host (the fleet-wide view). */
  showHost?: boolean;
  /** Where a parsed field links to (the search narrowed to it); no link when absent or undefined. */
  fieldHref?: (key: string, value: string) => string | undefined;
  /** The user scrolled away from the bottom (true) or back to it (false). */
  onAwayFromBottom: (away: boolean) => void;
  /** Scrolled to the top: load older lines; resolves to how many were added above. */
  onReachTop: () => Promise<number>;
  /** Scrolled to the bottom (the context's later lines). */
  onReachBottom?: () => void;
}

/**
 * One row per entry, virtualized: only the rows in view (plus a few) are in the DOM, so a
 * million lines scroll like a hundred. Multi-line entries show their first line and expand.
 */
export function LogViewer({
  lines,
  version,
  terms,
  follow,
  anchorId,
  lineHref,
  showHost = false,
  fieldHref,
  onAwayFromBottom,
  onReachTop,
  onReachBottom,
}: LogViewerProps) {
  const parent = useRef<HTMLDivElement>(null);
  const rowHeight = usePhone() ? PHONE_ROW_HEIGHT : ROW_HEIGHT;
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const loadingTop = useRef(false);
  const itemKey = useCallback(
    (index: number) => {
      const line = lines[index];
      return line === undefined ? index : lineKey(line);
    },
    [lines],
  );
  // eslint-disable-next-line react-hooks/incompatible-library -- used as TanStack documents it; this component is simply not auto-memoized
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => parent.current,
    estimateSize: () => rowHeight,
    // Stable: a new function per render would make the virtualizer re-key every line (a million).
    getItemKey: itemKey,
    overscan: 10,
  });

  const toggle = (key: string): void => {
    const collapsing = expanded.has(key);
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(key)) next.add(key);
      return next;
    });
    // A collapsed row is no longer measured: give it its one-line height back.
    const index = lines.findIndex((line) => lineKey(line) === key);
    if (collapsing && index >= 0) virtualizer.resizeItem(index, rowHeight);
  };

  // A window turned from phone to wider (or back) lays every row out anew at its height.
  useLayoutEffect(() => virtualizer.measure(), [rowHeight, virtualizer]);

  useLayoutEffect(() => {
    if (follow && lines.length > 0) virtualizer.scrollToIndex(lines.length - 1, { align: 'end' });
  }, [version, follow, lines.length, virtualizer]);

  useEffect(() => {
    if (anchorId === null) return;
    const index = lines.findIndex((line) => line.id === anchorId);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'center' });
    // Only when a jump lands, not on every batch.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [anchorId]);

  const onScroll = (): void => {
    const element = parent.current;
    if (element === null) return;
    const away = element.scrollHeight - element.scrollTop - element.clientHeight > BOTTOM_SLACK;
    onAwayFromBottom(away);
    if (!away) onReachBottom?.();
    if (element.scrollTop < rowHeight * 5 && !loadingTop.current) {
      loadingTop.current = true;
      void onReachTop()
        .then((added) => {
          // Keep the rows the user was reading where they were.
          if (added > 0) virtualizer.scrollToIndex(added, { align: 'start' });
        })
        .finally(() => {
          loadingTop.current = false;
        });
    }
  };

  return (
    <div ref={parent} className={classes.viewport} onScroll={onScroll} data-testid="log-viewer" role="log" aria-live="off">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const line = lines[item.index] as FeedLine;
          const isExpanded = expanded.has(lineKey(line));
          const className = [classes.row, classes[`level-${line.level}`], isExpanded ? classes.expanded : '', line.id === anchorId ? classes.anchor : ''].join(
            ' ',
          );
          return (
            // Only expanded rows are measured: one-line rows have a fixed height, and measuring
            // a hundred rows per frame (a layout each) is what makes long lists stutter.
            <div
              key={item.key}
              data-index={item.index}
              ref={isExpanded ? virtualizer.measureElement : undefined}
              className={className}
              style={{ transform: `translateY(${item.start}px)` }}
              data-testid="log-row"
              data-service={line.service}
              data-host={line.host}
              data-anchor={line.id === anchorId || undefined}
              aria-current={line.id === anchorId || undefined}
            >
              <LogRow
                line={line}
                terms={terms}
                expanded={isExpanded}
                anchor={line.id === anchorId}
                href={lineHref?.(line)}
                showHost={showHost}
                onToggle={toggle}
                fieldHref={fieldHref}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}
