import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

/** Props of `Splitter`. */
export interface SplitterProps {
  /** What it resizes, for its accessible name ("Resize the side panel"). */
  label: string;
  /** 'vertical': a bar between columns (drag left/right); 'horizontal': between rows. */
  orientation: 'vertical' | 'horizontal';
  value: number;
  min: number;
  max: number;
  /** +1 when dragging right (down) grows the value, -1 when it shrinks it. */
  direction: 1 | -1;
  /** Pixels per unit of `value` (a fraction of a width: that width). */
  scale?: number;
  onChange: (value: number) => void;
  /** The drag ended (or a key was pressed): the value is final, remember it. */
  onCommit: () => void;
  className?: string;
}

/**
 * A drag handle between two panels (role "separator", focusable): drag it, or use ←/→ (↑/↓)
 * with it focused (Shift: bigger steps); Home/End go to the limits.
 */
export function Splitter({ label, orientation, value, min, max, direction, scale = 1, onChange, onCommit, className }: SplitterProps) {
  const drag = useRef<{ start: number; value: number } | null>(null);
  const coordinate = (e: PointerEvent) => (orientation === 'vertical' ? e.clientX : e.clientY);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { start: coordinate(e), value };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (d === null) return;
    onChange(Math.min(max, Math.max(min, d.value + (direction * (coordinate(e) - d.start)) / scale)));
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    if (drag.current === null) return;
    drag.current = null;
    e.currentTarget.releasePointerCapture(e.pointerId);
    onCommit();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = ((e.shiftKey ? 64 : 16) / scale) * direction;
    const keys: Record<string, number> =
      orientation === 'vertical' ? { ArrowLeft: value - step, ArrowRight: value + step } : { ArrowUp: value - step, ArrowDown: value + step };
    let next = keys[e.key];
    if (e.key === 'Home') next = min;
    if (e.key === 'End') next = max;
    if (next === undefined) return;
    e.preventDefault();
    e.stopPropagation();
    onChange(Math.min(max, Math.max(min, next)));
    onCommit();
  };
  const round = (n: number) => (scale === 1 ? Math.round(n) : Math.round(n * 100));
  return (
    <div
      role="separator"
      aria-label={label}
      aria-orientation={orientation}
      aria-valuenow={round(value)}
      aria-valuemin={round(min)}
      aria-valuemax={round(max)}
      tabIndex={0}
      className={`ws-splitter ws-splitter-${orientation}${className ? ` ${className}` : ''}`}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
      title={`${label} (drag, or arrow keys)`}
    />
  );
}
