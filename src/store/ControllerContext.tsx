// React access to the page's one controller: a context for the controller itself and a
// hook that reads the player machine through @xstate/react's useSelector.

import { useSelector } from '@xstate/react';
import { createContext, type ReactNode, useContext } from 'react';
import type { Controller } from './controller';
import type { PlayerView } from './player.machine';

const ControllerContext = createContext<Controller | null>(null);

export function ControllerProvider({
  controller,
  children,
}: {
  controller: Controller;
  children: ReactNode;
}) {
  return <ControllerContext.Provider value={controller}>{children}</ControllerContext.Provider>;
}

/** The controller if one is provided (hooks.ts falls back to the page's store without one). */
export function useOptionalController(): Controller | null {
  return useContext(ControllerContext);
}

export function useController(): Controller {
  const controller = useContext(ControllerContext);
  if (!controller) throw new Error('useController: render inside <ControllerProvider>');
  return controller;
}

/** Reads the player machine (playing, speed, presentation) and re-renders when it changes. */
export function usePlayer<T>(selector: (snapshot: PlayerView) => T): T {
  return useSelector(useController().player, selector);
}
