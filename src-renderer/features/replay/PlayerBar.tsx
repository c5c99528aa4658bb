import { useSelector } from '@xstate/react';
import type { ActorRefFrom } from 'xstate';
import { PLAYER_SPEEDS, type playerMachine } from './playerMachine';
import './player.css';

/** Props of `PlayerBar`. */
export interface PlayerBarProps {
  player: ActorRefFrom<typeof playerMachine>;
  /** A short description of the event at a position (`#12 TaskStateEntered · ChargeCard`). */
  describe: (position: number) => string;
}

/**
 * The replay controls: first/previous/play-pause/next/last, previous/next error, previous/next
 * visit of the selected state (its name in the buttons' titles), speed, and a playhead slider over
 * every event. It only sends events to the player machine.
 */
export function PlayerBar({ player, describe }: PlayerBarProps) {
  const cursor = useSelector(player, (s) => s.context.cursor);
  const length = useSelector(player, (s) => s.context.length);
  const speed = useSelector(player, (s) => s.context.speed);
  const errors = useSelector(player, (s) => s.context.errors);
  const visitState = useSelector(player, (s) => s.context.visitState);
  const visits = useSelector(player, (s) => s.context.visits);
  const playing = useSelector(player, (s) => s.matches('playing'));
  const empty = length === 0;
  const hasNextError = errors.some((p) => p > cursor);
  const hasPreviousError = errors.some((p) => p < cursor);
  const hasNextVisit = visits.some((p) => p > cursor);
  const hasPreviousVisit = visits.some((p) => p < cursor);
  const visitTitle = (which: string, key: string) => (visitState === null ? `${which} visit of the selected state: select a state first (key: ${key})` : `${which} visit of ${visitState} (key: ${key})`);

  return (
    <div className="player-bar">
      <div className="player-buttons" role="group" aria-label="Replay controls">
        <button type="button" onClick={() => player.send({ type: 'first' })} disabled={empty || cursor === 0} title="Key: Home" className="glyph-button"><span aria-hidden="true">|◀</span> First event</button>
        <button type="button" onClick={() => player.send({ type: 'stepBack' })} disabled={empty || cursor === 0} title="Key: ←" className="glyph-button"><span aria-hidden="true">◀</span> Step back</button>
        {playing ? (
          <button type="button" className="primary" onClick={() => player.send({ type: 'pause' })} title="Key: Space"><span aria-hidden="true">❚❚</span> Pause</button>
        ) : (
          <button type="button" className="primary" onClick={() => player.send({ type: 'play' })} disabled={length < 2} title="Key: Space"><span aria-hidden="true">▶</span> Play</button>
        )}
        <button type="button" onClick={() => player.send({ type: 'stepForward' })} disabled={empty || cursor >= length - 1} title="Key: →" className="glyph-button">Step forward <span aria-hidden="true">▶</span></button>
        <button type="button" onClick={() => player.send({ type: 'last' })} disabled={empty || cursor >= length - 1} title="Key: End" className="glyph-button">Last event <span aria-hidden="true">▶|</span></button>
        <span className="player-sep" aria-hidden="true" />
        <button type="button" onClick={() => player.send({ type: 'previousError' })} disabled={!hasPreviousError} title="Key: Shift+E"><span aria-hidden="true">◀</span> Previous error</button>
        <button type="button" onClick={() => player.send({ type: 'nextError' })} disabled={!hasNextError} title="Key: E">Next error <span aria-hidden="true">▶</span></button>
        <span className="player-sep" aria-hidden="true" />
        <button type="button" onClick={() => player.send({ type: 'previousVisit' })} disabled={!hasPreviousVisit} title={visitTitle('Previous', 'Shift+V')}><span aria-hidden="true">◀</span> Previous visit</button>
        <button type="button" onClick={() => player.send({ type: 'nextVisit' })} disabled={!hasNextVisit} title={visitTitle('Next', 'V')}>Next visit <span aria-hidden="true">▶</span></button>
        <label className="player-speed">
          Speed{' '}
          <select aria-label="Speed" value={speed} onChange={(e) => player.send({ type: 'setSpeed', speed: Number(e.target.value) })}>
            {PLAYER_SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s} events/s
              </option>
            ))}
          </select>
        </label>
      </div>
      <input
        type="range"
        className="playhead"
        aria-label="Playhead"
        min={0}
        max={Math.max(0, length - 1)}
        step={1}
        value={cursor}
        disabled={empty}
        aria-valuetext={empty ? 'no events' : describe(cursor)}
        onChange={(e) => player.send({ type: 'seek', to: Number(e.target.value) })}
      />
      <p className="player-position" aria-live="polite">
        {empty ? 'No events yet.' : `Event ${cursor + 1} of ${length}: ${describe(cursor)}`}
      </p>
    </div>
  );
}
