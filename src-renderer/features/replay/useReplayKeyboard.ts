import { useEffect } from 'react';
import type { ActorRefFrom } from 'xstate';
import { keyBelongsToTarget, type KeyTarget } from './keyTarget';
import { playerEventForKey, type playerMachine } from './playerMachine';

function describe(target: EventTarget | null): KeyTarget | null {
  if (!(target instanceof HTMLElement)) return null;
  return { tagName: target.tagName, type: target.getAttribute('type'), role: target.getAttribute('role'), isContentEditable: target.isContentEditable };
}

/**
 * The replay keyboard map on the whole document while `enabled`: ←/→ step, Home/End, Space
 * play/pause, E / Shift+E next/previous error, V / Shift+V next/previous visit of the selected
 * state. Keys the focused element needs are left to it
 * (`keyBelongsToTarget`): typing in a text field or select, arrows on a slider, Space on a button
 * or checkbox. Removes its listener on cleanup.
 */
export function useReplayKeyboard(player: ActorRefFrom<typeof playerMachine>, enabled = true): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (keyBelongsToTarget(describe(event.target), event.key)) return;
      const playerEvent = playerEventForKey(event.key, event.shiftKey);
      if (!playerEvent) return;
      event.preventDefault();
      player.send(playerEvent);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [player, enabled]);
}
