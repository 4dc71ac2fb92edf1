// The menu a diagram element opens where it stands (a WAI-ARIA menu: arrow keys move, Home
// and End jump, Enter or Space act, Esc or Tab close and give focus back to the element).
// Items that need a number turn the menu into a small dialog with a field, Apply and Cancel.
// It is drawn in an overlay at the element's box; the items come from diagramMenu.ts.

import { type KeyboardEvent, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { Scenario } from '../engine';
import { useController } from '../store/ControllerContext';
import { useApp } from '../store/hooks';
import type { FlowTarget } from '../viz/flowModel';
import { type MenuAction, type MenuItem, menuFor } from './diagramMenu';
import { inspectQueue } from './queueMenu';
import './diagramMenu.css';

export interface OpenMenu {
  target: FlowTarget;
  anchor: DOMRect;
  /** Where focus goes back to when the menu closes by Esc, Tab or an action. */
  returnFocus: HTMLElement | SVGElement | null;
}

const GAP = 6;

/** Places the menu beside the element (right, else left, else below), inside the viewport. */
function placement(anchor: DOMRect, w: number, h: number): { left: number; top: number } {
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  let left = anchor.right + GAP;
  if (left + w > vw - GAP) left = anchor.left - w - GAP;
  if (left < GAP) left = Math.min(Math.max(GAP, anchor.left), vw - w - GAP);
  const top = Math.min(Math.max(GAP, anchor.top), Math.max(GAP, vh - h - GAP));
  return { left: Math.max(GAP, left), top };
}

export function DiagramMenu({
  open,
  onClose,
  onShowDlq,
}: {
  open: OpenMenu;
  onClose(): void;
  onShowDlq?(): void;
}) {
  const controller = useController();
  const frame = useApp((s) => s.panelFrame ?? s.frame);
  const scenarioJson = useApp((s) => s.scenarioJson);
  const [asking, setAsking] = useState<MenuItem | null>(null);
  const [inspecting, setInspecting] = useState<string | null>(null);
  const [position, setPosition] = useState<{ left: number; top: number } | null>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const scenario = scenarioJson ? (JSON.parse(scenarioJson) as Scenario) : null;
  const menu = frame ? menuFor(open.target, frame.snapshot, scenario) : null;

  const close = (isFocusReturned: boolean) => {
    onClose();
    if (isFocusReturned && open.returnFocus?.isConnected) open.returnFocus.focus();
  };

  const run = (action: MenuAction) => {
    if (action.kind === 'inspect-queue') {
      setInspecting(action.queue);
      return;
    }
    if (action.kind === 'fault') controller.tryInject(action.fault);
    else if (action.kind === 'edit') controller.editScenario(action.edit);
    else onShowDlq?.();
    close(action.kind !== 'show-dlq');
  };

  const choose = (item: MenuItem) => {
    if (item.isDisabled) return;
    if (item.value) setAsking(item);
    else if (item.action) run(item.action);
  };

  useLayoutEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const at = placement(open.anchor, box.offsetWidth, box.offsetHeight);
    // Shown before focus moves in: a hidden element cannot take focus.
    Object.assign(box.style, { left: `${at.left}px`, top: `${at.top}px`, visibility: 'visible' });
    setPosition(at);
    const first = box.querySelector<HTMLElement>(
      asking ? 'input' : inspecting ? 'button' : '[role="menuitem"]',
    );
    first?.focus();
  }, [open, asking, inspecting]);

  // A press outside closes the menu and leaves focus where the press puts it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: bound once per opening
  useEffect(() => {
    const onPointerDown = (e: PointerEvent) => {
      if (!boxRef.current?.contains(e.target as Node)) onClose();
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => document.removeEventListener('pointerdown', onPointerDown, true);
  }, [open]);

  if (!menu) return null;

  const onMenuKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const items = Array.from(boxRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
    const at = items.indexOf(document.activeElement as HTMLElement);
    const go = (i: number) => items[(i + items.length) % items.length]?.focus();
    if (e.key === 'ArrowDown') go(at + 1);
    else if (e.key === 'ArrowUp') go(at - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(items.length - 1);
    else if (e.key === 'Escape' || e.key === 'Tab') close(true);
    // Other keys stay in the menu: the page's shortcuts (R resets the run) must not fire.
    e.stopPropagation();
    if (e.key !== 'Enter' && e.key !== ' ') e.preventDefault();
  };

  const style = position
    ? { left: position.left, top: position.top }
    : { left: open.anchor.right, top: open.anchor.top, visibility: 'hidden' as const };

  if (inspecting) {
    const found = frame ? inspectQueue(frame.snapshot, inspecting) : null;
    return createPortal(
      <div
        ref={boxRef}
        className="qs-diagram-menu qs-diagram-menu-dialog qs-queue-inspect"
        role="dialog"
        aria-label={found?.title ?? `Queue ${inspecting}`}
        style={style}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Escape') {
            e.preventDefault();
            close(true);
          }
        }}
      >
        <p className="qs-diagram-menu-title">{found?.title ?? `Queue ${inspecting}: gone`}</p>
        {found && (
          <>
            <p>{found.summary}</p>
            <ol className="qs-queue-inspect-list">
              {found.messages.map((m) => (
                <li key={m.messageId}>
                  <strong>#{m.messageId}</strong> {m.key} · {m.state} · {m.receives}
                  {m.xDeath.length > 0 && (
                    <ul>
                      {m.xDeath.map((x) => (
                        <li key={x}>{x}</li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ol>
            {found.notListed > 0 && <p>{found.notListed.toLocaleString('en-US')} more not listed</p>}
          </>
        )}
        <div className="qs-diagram-menu-buttons">
          <button type="button" onClick={() => close(true)}>
            Close
          </button>
        </div>
      </div>,
      document.body,
    );
  }

  if (asking?.value) {
    const value = asking.value;
    return createPortal(
      <div
        ref={boxRef}
        className="qs-diagram-menu qs-diagram-menu-dialog"
        role="dialog"
        aria-label={asking.name.replace(/…$/, '')}
        style={style}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Escape') {
            e.preventDefault();
            close(true);
          }
        }}
      >
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const input = new FormData(e.currentTarget).get('value');
            const n = Number(input);
            if (input === '' || !Number.isFinite(n)) return;
            run(value.act(Math.min(value.max, Math.max(value.min, n))));
          }}
        >
          <p className="qs-diagram-menu-title">{asking.name.replace(/…$/, '')}</p>
          <label>
            {value.label}
            <input
              name="value"
              type="number"
              min={value.min}
              max={value.max}
              step={value.step}
              defaultValue={value.initial}
              required
            />
          </label>
          <div className="qs-diagram-menu-buttons">
            <button type="submit">Apply</button>
            <button type="button" onClick={() => close(true)}>
              Cancel
            </button>
          </div>
        </form>
      </div>,
      document.body,
    );
  }

  return createPortal(
    <div
      ref={boxRef}
      className="qs-diagram-menu"
      role="menu"
      aria-label={menu.title}
      style={style}
      onKeyDown={onMenuKeyDown}
    >
      {menu.items.map((item) => (
        <div
          key={item.name}
          role="menuitem"
          tabIndex={-1}
          aria-disabled={item.isDisabled || undefined}
          aria-haspopup={item.value ? 'dialog' : undefined}
          className="qs-diagram-menu-item"
          onClick={() => choose(item)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              e.stopPropagation();
              choose(item);
            }
          }}
        >
          {item.name}
        </div>
      ))}
    </div>,
    document.body,
  );
}
