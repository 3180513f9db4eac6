import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap, type Completion, type CompletionContext } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { setDiagnostics } from '@codemirror/lint';
import { Prec } from '@codemirror/state';
import { EditorView, keymap, placeholder } from '@codemirror/view';
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { CompletionKind, PromqlCompletion } from '../../../../shared/types/explore';
import { useCodeMirror } from '../../components/use-code-mirror';
import { editorTheme } from '../config/editor/editor-theme';

export interface PromqlError {
  message: string;
  /** Offsets into the expression; null when the engine did not say where. */
  from: number | null;
  to: number | null;
}

const completionType: Record<CompletionKind, string> = {
  metric: 'variable',
  function: 'function',
  aggregation: 'keyword',
  keyword: 'keyword',
  label: 'property',
  value: 'text',
};

/** Typing one of these (or a word) asks the engine what may follow. */
const triggers = /[\w:{,=~"'([]$/;

/**
 * A PromQL input in CodeMirror: completion of metric names, functions, label names and values
 * from the engine's series index (metrics.complete), Ctrl/Cmd+Enter runs, and a parse error is
 * underlined where the engine says it is.
 */
export function PromqlEditor({
  value,
  onChange,
  onRun,
  complete,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  onRun: () => void;
  complete: (query: string, position: number) => Promise<PromqlCompletion>;
  error: PromqlError | null;
}) {
  const host = useRef<HTMLDivElement>(null);
  const latest = useRef({ onRun, complete });
  useLayoutEffect(() => {
    latest.current = { onRun, complete };
  });
  const view = useCodeMirror(host, value, onChange, () => {
    const source = async (context: CompletionContext) => {
      const before = context.state.sliceDoc(0, context.pos);
      if (!context.explicit && !triggers.test(before)) return null;
      let answer: PromqlCompletion;
      try {
        answer = await latest.current.complete(context.state.doc.toString(), context.pos);
      } catch {
        return null;
      }
      if (context.aborted || answer.items.length === 0) return null;
      const options: Completion[] = answer.items.map((item) => ({
        label: item.label,
        type: completionType[item.kind],
        ...(item.apply === undefined ? {} : { apply: item.apply }),
        ...(item.detail === undefined ? {} : { detail: item.detail }),
      }));
      // Names stay valid while a word is typed; values are asked for afresh (quotes come and go).
      return answer.items[0]?.kind === 'value'
        ? { from: answer.from, to: answer.to, options }
        : { from: answer.from, to: answer.to, options, validFor: /^[\w:]*$/ };
    };
    return [
      history(),
      closeBrackets(),
      EditorView.lineWrapping,
      editorTheme,
      placeholder('PromQL, e.g. avg_over_time(probe_duration_seconds[5m]) or probe_success{service="api"}'),
      autocompletion({ override: [source], icons: true }),
      Prec.highest(
        keymap.of([
          {
            key: 'Mod-Enter',
            preventDefault: true,
            run: () => {
              latest.current.onRun();
              return true;
            },
          },
        ]),
      ),
      keymap.of([...closeBracketsKeymap, ...completionKeymap, ...defaultKeymap, ...historyKeymap]),
      EditorView.contentAttributes.of({ 'aria-label': 'PromQL query', 'data-testid': 'explore-query' }),
    ];
  });

  useEffect(() => {
    const current = view.current;
    if (current === null) return;
    const length = current.state.doc.length;
    if (error === null || error.from === null || length === 0) {
      current.dispatch(setDiagnostics(current.state, []));
      return;
    }
    // An error at the very end ("ends too early") marks the last character.
    const from = Math.min(error.from, length - 1);
    const to = Math.min(Math.max(error.to ?? from + 1, from + 1), length);
    current.dispatch(setDiagnostics(current.state, [{ from, to, severity: 'error', message: error.message }]));
  }, [view, error, value]);

  return <div ref={host} data-testid="explore-editor" />;
}
