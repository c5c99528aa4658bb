/** The replay player: the cursor machine, its controls and keyboard map. */
export { playerMachine, playerEventForKey, PLAYER_SPEEDS, type PlayerContext, type PlayerEvent } from './playerMachine';
export { PlayerBar, type PlayerBarProps } from './PlayerBar';
export { useReplayKeyboard } from './useReplayKeyboard';
