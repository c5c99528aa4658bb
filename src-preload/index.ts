/**
 * Preload: the only bridge between the sandboxed renderer and the main process. It exposes
 * exactly what is listed here through contextBridge; the typed service contract (issue #5)
 * will be the whole of it.
 */
import { contextBridge } from 'electron';

const bridge = {
  /** Which shell the renderer runs in. */
  shell: 'electron' as const,
};

contextBridge.exposeInMainWorld('stepscope', bridge);

/** What `window.stepscope` holds in the renderer. */
export type StepscopeBridge = typeof bridge;
