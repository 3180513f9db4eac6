import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { bracketMatching, indentOnInput, indentUnit } from '@codemirror/language';
import { lintGutter, linter, lintKeymap } from '@codemirror/lint';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { Compartment, EditorSelection, EditorState, Prec } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import { forwardRef, useEffect, useImperativeHandle, useLayoutEffect, useRef } from 'react';
import type { ConfigIssue } from '../../../../../shared/types/workspace';
import { useCodeMirror } from '../../../components/use-code-mirror';
import { editorTheme } from './editor-theme';
import { diagnosticOf, offsetOf } from './issue-diagnostics';
import type { JsonSchema } from './schema-lookup';
import { schemaCompletion, schemaHover } from './schema-completion';
import classes from './YamlEditor.module.css';

export interface YamlEditorHandle {
  /** Puts the cursor at line:col (1-based), scrolls there and focuses the editor. */
  goTo: (line: number, col: number) => void;
}

export interface YamlEditorProps {
  value: string;
  onChange: (value: string) => void;
  /** Checks the text with the engine; its issues become inline markers. */
  validate: (text: string) => Promise<ConfigIssue[]>;
  /** Every result of `validate`, for the problems list. */
  onIssues: (issues: ConfigIssue[], text: string) => void;
  schema: JsonSchema | null;
  readOnly: boolean;
  /** Ctrl/Cmd+S. */
  onSave: () => void;
  label: string;
}

/**
 * The workspace file in CodeMirror 6: YAML highlighting, line numbers, completion and hovers
 * from the JSON Schema, and the engine's own validation as inline markers at their line:col.
 * CodeMirror rather than Monaco: a fraction of the size and no web workers, which a sandboxed
 * renderer with a strict CSP would have to allow.
 */
export const YamlEditor = forwardRef<YamlEditorHandle, YamlEditorProps>(function YamlEditor(props, ref) {
  const host = useRef<HTMLDivElement>(null);
  // The latest props for the editor's callbacks, which are created once.
  const latest = useRef(props);
  useLayoutEffect(() => {
    latest.current = props;
  });
  const editable = useRef(new Compartment());
  const view = useCodeMirror(host, props.value, props.onChange, () => {
    const lint = linter(
      async (current) => {
        const text = current.state.doc.toString();
        let issues: ConfigIssue[];
        try {
          issues = await latest.current.validate(text);
        } catch {
          return [];
        }
        // A newer text is being typed: its own check comes.
        if (current.state.doc.toString() !== text) return [];
        latest.current.onIssues(issues, text);
        return issues.map((issue) => diagnosticOf(current.state.doc, issue));
      },
      { delay: 400 },
    );
    return [
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightActiveLine(),
      history(),
      drawSelection(),
      indentOnInput(),
      bracketMatching(),
      closeBrackets(),
      highlightSelectionMatches(),
      indentUnit.of('  '),
      EditorState.tabSize.of(2),
      yaml(),
      editorTheme,
      lint,
      lintGutter(),
      autocompletion({ override: [schemaCompletion(() => latest.current.schema)], icons: false }),
      schemaHover(() => latest.current.schema),
      Prec.highest(
        keymap.of([
          {
            key: 'Mod-s',
            preventDefault: true,
            run: () => {
              latest.current.onSave();
              return true;
            },
          },
        ]),
      ),
      keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...searchKeymap, ...completionKeymap, ...lintKeymap, indentWithTab]),
      editable.current.of([EditorState.readOnly.of(latest.current.readOnly), EditorView.editable.of(!latest.current.readOnly)]),
      EditorView.contentAttributes.of({ 'aria-label': latest.current.label, 'data-testid': 'config-editor' }),
    ];
  });

  useEffect(() => {
    view.current?.dispatch({ effects: editable.current.reconfigure([EditorState.readOnly.of(props.readOnly), EditorView.editable.of(!props.readOnly)]) });
  }, [view, props.readOnly]);

  useImperativeHandle(ref, () => ({
    goTo: (line, col) => {
      const current = view.current;
      if (current === null) return;
      const at = offsetOf(current.state.doc, line, col);
      current.dispatch({ selection: EditorSelection.cursor(at), effects: EditorView.scrollIntoView(at, { y: 'center' }) });
      current.focus();
    },
  }));

  return <div ref={host} className={classes.editor} data-testid="config-editor-host" />;
});
