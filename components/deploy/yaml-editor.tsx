'use client';
// The YAML editor: CodeMirror 6 with YAML highlighting and the app schema's errors underlined on
// their lines as the user types.
import { yaml } from '@codemirror/lang-yaml';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { basicSetup, EditorView } from 'codemirror';
import { useEffect, useRef } from 'react';
import type { YamlError } from '../../lib/apps/app-yaml';
import styles from './deploy.module.css';

const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--bg)', color: 'var(--fg)', fontSize: '13px' },
  '.cm-content': { fontFamily: 'var(--mono)', caretColor: 'var(--fg)' },
  '.cm-gutters': {
    backgroundColor: 'var(--surface)',
    color: 'var(--muted)',
    borderRight: '1px solid var(--border)',
  },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'var(--hover)' },
  '&.cm-focused': { outline: '2px solid var(--accent)' },
  '.cm-tooltip': { backgroundColor: 'var(--card)', color: 'var(--fg)' },
});

export function YamlEditor({
  value,
  onChange,
  label,
  check,
}: {
  value: string;
  onChange: (text: string) => void;
  label: string;
  /** The errors of a text, shown inline. */
  check: (text: string) => YamlError[];
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef({ onChange, check });
  useEffect(() => {
    latest.current = { onChange, check };
  });

  useEffect(() => {
    if (!host.current) return;
    const v = new EditorView({
      doc: value,
      parent: host.current,
      extensions: [
        basicSetup,
        yaml(),
        theme,
        lintGutter(),
        linter(
          (ed): Diagnostic[] =>
            latest.current.check(ed.state.doc.toString()).map((e) => ({
              from: Math.min(e.from, ed.state.doc.length),
              to: Math.min(e.to, ed.state.doc.length),
              severity: 'error',
              message: e.field ? `${e.field}: ${e.message}` : e.message,
            })),
          { delay: 300 },
        ),
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) latest.current.onChange(u.state.doc.toString());
        }),
      ],
    });
    view.current = v;
    return () => v.destroy();
    // The editor is made once; later values arrive through the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value)
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  return <div ref={host} className={styles.editor} />;
}
