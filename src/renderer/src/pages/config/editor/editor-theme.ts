import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import type { Extension } from '@codemirror/state';

/**
 * The editor in the console's colours: Mantine's CSS variables, so light and dark follow the
 * theme without rebuilding the editor. Token colours come from YamlEditor.module.css variables.
 */
const chrome = EditorView.theme({
  '&': {
    fontSize: '12.5px',
    backgroundColor: 'var(--mantine-color-body)',
    color: 'var(--mantine-color-text)',
    border: '1px solid var(--mantine-color-default-border)',
    borderRadius: 'var(--mantine-radius-sm)',
  },
  '&.cm-focused': { outline: '2px solid var(--mantine-primary-color-filled)', outlineOffset: '-1px' },
  '.cm-scroller': { fontFamily: 'var(--mantine-font-family-monospace)', lineHeight: '1.55', fontVariantLigatures: 'none' },
  '.cm-content': { caretColor: 'var(--mantine-color-text)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--mantine-color-text)' },
  '.cm-gutters': {
    backgroundColor: 'var(--mantine-color-default-hover)',
    color: 'var(--mantine-color-dimmed)',
    borderRight: '1px solid var(--mantine-color-default-border)',
  },
  '.cm-activeLineGutter': { backgroundColor: 'var(--mantine-color-default-border)', color: 'var(--mantine-color-text)' },
  '.cm-activeLine': { backgroundColor: 'var(--yaml-active-line)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--yaml-selection) !important' },
  '.cm-tooltip': {
    backgroundColor: 'var(--mantine-color-body)',
    color: 'var(--mantine-color-text)',
    border: '1px solid var(--mantine-color-default-border)',
    borderRadius: 'var(--mantine-radius-sm)',
    boxShadow: 'var(--mantine-shadow-md)',
  },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--mantine-primary-color-light)', color: 'var(--mantine-color-text)' },
  '.cm-completionDetail': { color: 'var(--mantine-color-dimmed)', fontStyle: 'normal', marginLeft: '1em' },
  '.cm-completionInfo, .cm-tooltip-hover': {
    maxWidth: '420px',
    padding: '6px 8px',
    fontFamily: 'var(--mantine-font-family)',
    fontSize: '12px',
    lineHeight: 1.45,
  },
  '.cm-diagnostic': { fontFamily: 'var(--mantine-font-family)', fontSize: '12px' },
  '.cm-lintRange-error': { backgroundImage: 'none', textDecoration: 'underline wavy var(--mantine-color-red-6)', textUnderlineOffset: '3px' },
  '.cm-panels': { backgroundColor: 'var(--mantine-color-default-hover)', color: 'var(--mantine-color-text)' },
  '.cm-searchMatch': { backgroundColor: 'var(--yaml-search-match)' },
});

const tokens = HighlightStyle.define([
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: 'var(--yaml-key)' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--yaml-string)' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'var(--yaml-literal)' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: 'var(--yaml-comment)', fontStyle: 'italic' },
  { tag: [tags.meta, tags.labelName, tags.typeName], color: 'var(--yaml-meta)' },
  { tag: [tags.punctuation, tags.separator, tags.squareBracket, tags.brace], color: 'var(--yaml-punctuation)' },
]);

export const editorTheme: Extension = [chrome, syntaxHighlighting(tokens)];
