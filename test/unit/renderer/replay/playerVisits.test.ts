import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import { playerEventForKey, playerMachine } from '../../../../src-renderer/features/replay/playerMachine';

function start(length = 20) {
  const clock = new SimulatedClock();
  const actor = createActor(playerMachine, { input: { length, speed: 2 }, clock }).start();
  return { actor, clock, at: () => actor.getSnapshot().context.cursor };
}

describe('playerMachine: next/previous visit of the selected state', () => {
  it('moves the cursor to the entered event of the next and previous visit', () => {
    const { actor, at } = start();
    actor.send({ type: 'selectVisits', state: 'Ship', positions: [3, 8, 14] });
    actor.send({ type: 'first' });
    actor.send({ type: 'nextVisit' });
    expect(at()).toBe(3);
    actor.send({ type: 'nextVisit' });
    expect(at()).toBe(8);
    actor.send({ type: 'seek', to: 10 });
    actor.send({ type: 'previousVisit' });
    expect(at()).toBe(8);
    actor.send({ type: 'previousVisit' });
    expect(at()).toBe(3);
  });

  it('stays put when there is no next or previous visit, or no state selected', () => {
    const { actor, at } = start();
    actor.send({ type: 'selectVisits', state: 'Ship', positions: [3, 8] });
    actor.send({ type: 'seek', to: 12 });
    actor.send({ type: 'nextVisit' });
    expect(at()).toBe(12);
    actor.send({ type: 'seek', to: 3 });
    actor.send({ type: 'previousVisit' });
    expect(at()).toBe(3);
    actor.send({ type: 'selectVisits', state: null, positions: [3, 8] });
    expect(actor.getSnapshot().context.visits).toEqual([]);
    actor.send({ type: 'nextVisit' });
    expect(at()).toBe(3);
  });

  it('pauses playback when it jumps to a visit', () => {
    const { actor, at } = start();
    actor.send({ type: 'selectVisits', state: 'Ship', positions: [5, 9] });
    actor.send({ type: 'first' });
    actor.send({ type: 'play' });
    expect(actor.getSnapshot().value).toBe('playing');
    actor.send({ type: 'nextVisit' });
    expect(actor.getSnapshot().value).toBe('paused');
    expect(at()).toBe(5);
  });

  it('keeps the selected state and its visits across loads of a growing history', () => {
    const { actor } = start(10);
    actor.send({ type: 'selectVisits', state: 'Ship', positions: [2] });
    actor.send({ type: 'load', length: 30 });
    expect(actor.getSnapshot().context).toMatchObject({ visitState: 'Ship', visits: [2] });
  });

  it('maps V and Shift+V to next and previous visit', () => {
    expect(playerEventForKey('v')).toEqual({ type: 'nextVisit' });
    expect(playerEventForKey('V', true)).toEqual({ type: 'previousVisit' });
  });
});
