import { useEffect } from 'react';
import type { ActorRefFrom } from 'xstate';
import { playerEventForKey, type playerMachine } from './playerMachine';

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
}

function activatesOnSpace(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.tagName === 'BUTTON' || target.tagName === 'A' || target.tagName === 'SUMMARY' || target.getAttribute('role') === 'button';
}

/**
 * The replay keyboard map on the whole document while `enabled`: ←/→ step, Home/End, Space
 * play/pause, E / Shift+E next/previous error. Keys typed into a text field, select or slider are
 * left alone, and Space is left to buttons that have focus. Removes its listener on cleanup.
 */
export function useReplayKeyboard(player: ActorRefFrom<typeof playerMachine>, enabled = true): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (isEditable(event.target)) return;
      if (event.key === ' ' && activatesOnSpace(event.target)) return;
      const playerEvent = playerEventForKey(event.key, event.shiftKey);
      if (!playerEvent) return;
      event.preventDefault();
      player.send(playerEvent);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [player, enabled]);
}
