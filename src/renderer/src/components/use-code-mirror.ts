import { EditorState, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';

/**
 * A CodeMirror view mounted once in `host` with the extensions `extensions()` gives at mount, that
 * reports typing to the newest `onChange`; a `value` set from outside (a link, a new running
 * version, Discard) replaces its text.
 */
export function useCodeMirror(
  host: RefObject<HTMLDivElement | null>,
  value: string,
  onChange: (text: string) => void,
  extensions: () => Extension[],
): RefObject<EditorView | null> {
  const view = useRef<EditorView | null>(null);
  const latest = useRef({ value, onChange, extensions });
  useLayoutEffect(() => {
    latest.current = { value, onChange, extensions };
  });

  useEffect(() => {
    if (host.current === null) return;
    const created = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: latest.current.value,
        extensions: [
          ...latest.current.extensions(),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) latest.current.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = created;
    return () => {
      created.destroy();
      view.current = null;
    };
  }, [host]);

  useEffect(() => {
    const current = view.current;
    if (current === null || current.state.doc.toString() === value) return;
    current.dispatch({ changes: { from: 0, to: current.state.doc.length, insert: value } });
  }, [value]);

  return view;
}
