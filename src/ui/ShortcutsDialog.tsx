// The keyboard shortcuts, listed in a modal dialog (opened with "?").

import { useEffect, useRef } from 'react';
import { useController } from '../store/ControllerContext';
import { useApp } from '../store/hooks';

export const SHORTCUTS: [string, string][] = [
  ['Space', 'Play / pause'],
  ['→', 'Step one engine event'],
  ['Shift + →', 'Step 100 ms'],
  ['+ / −', 'Faster / slower'],
  ['R', 'Reset the run'],
  ['[ / ]', 'Seek back / forward 5 s'],
  ['PageDown / PageUp', 'Next / previous caption (presentation)'],
  ['P', 'Presentation mode'],
  ['?', 'Show these shortcuts'],
  ['Esc', 'Close dialogs, clear selection'],
];

export function ShortcutsDialog() {
  const { store } = useController();
  const isOpen = useApp((s) => s.isShortcutsOpen);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (isOpen && !dialog.open) dialog.showModal?.();
    if (!isOpen && dialog.open) dialog.close();
  }, [isOpen]);
  return (
    <dialog
      ref={ref}
      className="qs-dialog"
      aria-labelledby="qs-shortcuts-title"
      onClose={() => store.setState({ isShortcutsOpen: false })}
    >
      <h2 id="qs-shortcuts-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {SHORTCUTS.map(([key, what]) => (
            <tr key={key}>
              <th scope="row">
                <kbd>{key}</kbd>
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => store.setState({ isShortcutsOpen: false })}>
        Close
      </button>
    </dialog>
  );
}
