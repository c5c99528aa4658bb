import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import { playerEventForKey, playerMachine } from '../../../../src-renderer/features/replay/playerMachine';

function start(length = 10, errors: number[] = []) {
  const clock = new SimulatedClock();
  const actor = createActor(playerMachine, { input: { length, errors, speed: 2 }, clock }).start();
  return { actor, clock, at: () => actor.getSnapshot().context.cursor, state: () => actor.getSnapshot().value };
}

describe('playerMachine', () => {
  it('starts on the last event, following it (live)', () => {
    const { actor, at } = start(10);
    expect(at()).toBe(9);
    expect(actor.getSnapshot().context.live).toBe(true);
    actor.send({ type: 'load', length: 12 });
    expect(at()).toBe(11);
  });

  it('keeps following while the history is empty, then follows the events that arrive', () => {
    const { actor, at } = start(0);
    actor.send({ type: 'load', length: 0 });
    actor.send({ type: 'load', length: 15 });
    expect(at()).toBe(14);
  });

  it('steps back and forward, clamped to the first and last event', () => {
    const { actor, at } = start(3);
    actor.send({ type: 'stepForward' });
    expect(at()).toBe(2);
    actor.send({ type: 'stepBack' });
    actor.send({ type: 'stepBack' });
    actor.send({ type: 'stepBack' });
    expect(at()).toBe(0);
    actor.send({ type: 'last' });
    expect(at()).toBe(2);
    actor.send({ type: 'first' });
    expect(at()).toBe(0);
  });

  it('stops following new events once moved away from the end', () => {
    const { actor, at } = start(10);
    actor.send({ type: 'stepBack' });
    actor.send({ type: 'load', length: 20 });
    expect(at()).toBe(8);
    expect(actor.getSnapshot().context.live).toBe(false);
    actor.send({ type: 'last' });
    actor.send({ type: 'load', length: 25 });
    expect(at()).toBe(24);
  });

  it('seeks (the playhead) and clamps the target', () => {
    const { actor, at } = start(10);
    actor.send({ type: 'seek', to: 4 });
    expect(at()).toBe(4);
    actor.send({ type: 'seek', to: 99 });
    expect(at()).toBe(9);
    actor.send({ type: 'seek', to: -3 });
    expect(at()).toBe(0);
  });

  it('plays at the chosen speed on the clock and pauses at the last event', () => {
    const { actor, clock, at, state } = start(4);
    actor.send({ type: 'first' });
    actor.send({ type: 'play' });
    expect(state()).toBe('playing');
    clock.increment(499);
    expect(at()).toBe(0);
    clock.increment(1);
    expect(at()).toBe(1);
    actor.send({ type: 'setSpeed', speed: 10 });
    clock.increment(500);
    expect(at()).toBe(2);
    clock.increment(100);
    expect(at()).toBe(3);
    clock.increment(100);
    expect(state()).toBe('paused');
    expect(at()).toBe(3);
  });

  it('pauses on pause, on toggle and on any manual move', () => {
    const { actor, at, state } = start(10);
    actor.send({ type: 'first' });
    actor.send({ type: 'toggle' });
    expect(state()).toBe('playing');
    actor.send({ type: 'toggle' });
    expect(state()).toBe('paused');
    actor.send({ type: 'play' });
    actor.send({ type: 'stepForward' });
    expect(state()).toBe('paused');
    expect(at()).toBe(1);
    actor.send({ type: 'play' });
    actor.send({ type: 'pause' });
    expect(state()).toBe('paused');
  });

  it('plays from the start when asked to play at the last event', () => {
    const { actor, at, state } = start(5);
    actor.send({ type: 'play' });
    expect(state()).toBe('playing');
    expect(at()).toBe(0);
  });

  it('jumps to the first, next, previous and last error', () => {
    const { actor, at } = start(20, [3, 8, 15]);
    actor.send({ type: 'firstError' });
    expect(at()).toBe(3);
    actor.send({ type: 'nextError' });
    expect(at()).toBe(8);
    actor.send({ type: 'nextError' });
    actor.send({ type: 'nextError' });
    expect(at()).toBe(15);
    actor.send({ type: 'previousError' });
    expect(at()).toBe(8);
    actor.send({ type: 'lastError' });
    expect(at()).toBe(15);
  });

  it('cannot play an empty or single-event history', () => {
    const { actor, state } = start(1);
    actor.send({ type: 'play' });
    expect(state()).toBe('paused');
  });
});

describe('playerEventForKey', () => {
  it('maps arrows, Home, End, Space and e to player events', () => {
    expect(playerEventForKey('ArrowRight')).toEqual({ type: 'stepForward' });
    expect(playerEventForKey('ArrowLeft')).toEqual({ type: 'stepBack' });
    expect(playerEventForKey('Home')).toEqual({ type: 'first' });
    expect(playerEventForKey('End')).toEqual({ type: 'last' });
    expect(playerEventForKey(' ')).toEqual({ type: 'toggle' });
    expect(playerEventForKey('e')).toEqual({ type: 'nextError' });
    expect(playerEventForKey('E', true)).toEqual({ type: 'previousError' });
    expect(playerEventForKey('x')).toBeUndefined();
  });
});
