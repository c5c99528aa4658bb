import { assign, setup } from 'xstate';

/**
 * The replay player: a cursor over an execution's events (a position, 0-based; the events at
 * `0..cursor` have happened), stepped by hand or played at a chosen speed. Every view reads the
 * cursor from this machine; the UI only sends it events.
 *
 * `live`: the cursor sits on the last event and follows new events as a running execution
 * appends them. Any move away from the end stops following; going back to the end resumes it.
 */

/** Play speeds, in events per second. */
export const PLAYER_SPEEDS = [1, 2, 5, 10, 25] as const;

/** What the player knows. */
export interface PlayerContext {
  cursor: number;
  /** How many events there are. */
  length: number;
  /** Events per second while playing. */
  speed: number;
  /** Positions of events that record an error (failures, timeouts), ascending. */
  errors: readonly number[];
  /** The cursor follows new events (it is on the last one). */
  live: boolean;
  /** The state whose visits "next/previous visit" move between (the one selected in the inspector), or null. */
  visitState: string | null;
  /** Positions of that state's entered events, ascending. */
  visits: readonly number[];
}

/** What the UI (and the keyboard map) may send the player. */
export type PlayerEvent =
  | { type: 'load'; length: number; errors?: readonly number[] }
  | { type: 'stepForward' }
  | { type: 'stepBack' }
  | { type: 'first' }
  | { type: 'last' }
  | { type: 'seek'; to: number }
  | { type: 'nextError' }
  | { type: 'previousError' }
  | { type: 'firstError' }
  | { type: 'lastError' }
  /** The state selected for "next/previous visit", with the positions of its entered events. */
  | { type: 'selectVisits'; state: string | null; positions: readonly number[] }
  | { type: 'nextVisit' }
  | { type: 'previousVisit' }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'toggle' }
  | { type: 'setSpeed'; speed: number };

function clamp(to: number, length: number): number {
  if (length === 0) return 0;
  return Math.max(0, Math.min(length - 1, Math.round(to)));
}

function moveTo(context: PlayerContext, to: number): Partial<PlayerContext> {
  const cursor = clamp(to, context.length);
  return { cursor, live: cursor === context.length - 1 };
}

/** Creates the player machine. `input.length` events to start with; the cursor starts on the last one (live). */
export const playerMachine = setup({
  types: {
    context: {} as PlayerContext,
    events: {} as PlayerEvent,
    input: {} as { length?: number; errors?: readonly number[]; speed?: number } | undefined,
  },
  delays: {
    tick: ({ context }) => Math.round(1000 / context.speed),
  },
  guards: {
    atEnd: ({ context }) => context.cursor >= context.length - 1,
    canPlay: ({ context }) => context.length > 1,
  },
  actions: {
    load: assign(({ context, event }) => {
      if (event.type !== 'load') return {};
      const length = Math.max(0, event.length);
      const errors = event.errors ?? context.errors;
      const cursor = context.live ? Math.max(0, length - 1) : clamp(context.cursor, length);
      // An empty history keeps following: its first events will arrive.
      return { length, errors, cursor, live: length === 0 ? context.live : cursor === length - 1 };
    }),
    stepForward: assign(({ context }) => moveTo(context, context.cursor + 1)),
    stepBack: assign(({ context }) => moveTo(context, context.cursor - 1)),
    first: assign(({ context }) => moveTo(context, 0)),
    last: assign(({ context }) => moveTo(context, context.length - 1)),
    seek: assign(({ context, event }) => (event.type === 'seek' ? moveTo(context, event.to) : {})),
    nextError: assign(({ context }) => {
      const next = context.errors.find((p) => p > context.cursor);
      return next === undefined ? {} : moveTo(context, next);
    }),
    previousError: assign(({ context }) => {
      const previous = [...context.errors].reverse().find((p) => p < context.cursor);
      return previous === undefined ? {} : moveTo(context, previous);
    }),
    firstError: assign(({ context }) => (context.errors.length > 0 ? moveTo(context, context.errors[0]) : {})),
    lastError: assign(({ context }) => (context.errors.length > 0 ? moveTo(context, context.errors[context.errors.length - 1]) : {})),
    selectVisits: assign(({ event }) => (event.type === 'selectVisits' ? { visitState: event.state, visits: event.state === null ? [] : event.positions } : {})),
    nextVisit: assign(({ context }) => {
      const next = context.visits.find((p) => p > context.cursor);
      return next === undefined ? {} : moveTo(context, next);
    }),
    previousVisit: assign(({ context }) => {
      const previous = context.visits.findLast((p) => p < context.cursor);
      return previous === undefined ? {} : moveTo(context, previous);
    }),
    setSpeed: assign(({ event }) => (event.type === 'setSpeed' && event.speed > 0 ? { speed: event.speed } : {})),
    rewindIfAtEnd: assign(({ context }) => (context.cursor >= context.length - 1 ? moveTo(context, 0) : {})),
  },
}).createMachine({
  id: 'player',
  context: ({ input }) => {
    const length = Math.max(0, input?.length ?? 0);
    return { cursor: Math.max(0, length - 1), length, speed: input?.speed ?? 5, errors: input?.errors ?? [], live: true, visitState: null, visits: [] };
  },
  initial: 'paused',
  on: {
    load: { actions: 'load' },
    selectVisits: { actions: 'selectVisits' },
    setSpeed: { actions: 'setSpeed' },
  },
  states: {
    paused: {
      on: {
        stepForward: { actions: 'stepForward' },
        stepBack: { actions: 'stepBack' },
        first: { actions: 'first' },
        last: { actions: 'last' },
        seek: { actions: 'seek' },
        nextError: { actions: 'nextError' },
        previousError: { actions: 'previousError' },
        firstError: { actions: 'firstError' },
        lastError: { actions: 'lastError' },
        nextVisit: { actions: 'nextVisit' },
        previousVisit: { actions: 'previousVisit' },
        // Playing from the last event starts again from the first, as media players do.
        play: { guard: 'canPlay', target: 'playing', actions: 'rewindIfAtEnd' },
        toggle: { guard: 'canPlay', target: 'playing', actions: 'rewindIfAtEnd' },
      },
    },
    playing: {
      after: {
        tick: [
          { guard: 'atEnd', target: 'paused' },
          { target: 'playing', reenter: true, actions: 'stepForward' },
        ],
      },
      on: {
        pause: { target: 'paused' },
        toggle: { target: 'paused' },
        // Any manual move pauses playback first.
        stepForward: { target: 'paused', actions: 'stepForward' },
        stepBack: { target: 'paused', actions: 'stepBack' },
        first: { target: 'paused', actions: 'first' },
        last: { target: 'paused', actions: 'last' },
        seek: { target: 'paused', actions: 'seek' },
        nextError: { target: 'paused', actions: 'nextError' },
        previousError: { target: 'paused', actions: 'previousError' },
        firstError: { target: 'paused', actions: 'firstError' },
        lastError: { target: 'paused', actions: 'lastError' },
        nextVisit: { target: 'paused', actions: 'nextVisit' },
        previousVisit: { target: 'paused', actions: 'previousVisit' },
      },
    },
  },
});

/**
 * Maps a key press to a player event (←/→ step, Home/End, Space play/pause, e/E next/previous
 * error, v/V next/previous visit of the selected state); undefined for other keys.
 */
export function playerEventForKey(key: string, shiftKey = false): PlayerEvent | undefined {
  switch (key) {
    case 'ArrowRight':
      return { type: 'stepForward' };
    case 'ArrowLeft':
      return { type: 'stepBack' };
    case 'Home':
      return { type: 'first' };
    case 'End':
      return { type: 'last' };
    case ' ':
    case 'Spacebar':
      return { type: 'toggle' };
    case 'e':
    case 'E':
      return shiftKey ? { type: 'previousError' } : { type: 'nextError' };
    case 'v':
    case 'V':
      return shiftKey ? { type: 'previousVisit' } : { type: 'nextVisit' };
    default:
      return undefined;
  }
}
