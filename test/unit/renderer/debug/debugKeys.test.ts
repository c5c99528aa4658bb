import { describe, expect, it } from 'vitest';
import { debugKeyAction, type DebugKeyActions } from '../../../../src-renderer/features/debug/debugKeys';

const press = (key: string, mods: { shiftKey?: boolean; ctrlKey?: boolean; metaKey?: boolean } = {}) => ({ key, shiftKey: false, ctrlKey: false, metaKey: false, ...mods });
const actions: Required<DebugKeyActions> = {
  continue: () => undefined,
  start: () => undefined,
  stop: () => undefined,
  restart: () => undefined,
  stepOver: () => undefined,
  stepInto: () => undefined,
  stepOut: () => undefined,
  toggleBreakpoint: () => undefined,
};

describe('debugKeyAction (the keys of VS Code)', () => {
  it('maps F5, Shift+F5, Ctrl/Cmd+Shift+F5, F10, F11, Shift+F11 and F9', () => {
    expect(debugKeyAction(press('F5'), actions)).toBe(actions.continue);
    expect(debugKeyAction(press('F5', { shiftKey: true }), actions)).toBe(actions.stop);
    expect(debugKeyAction(press('F5', { shiftKey: true, ctrlKey: true }), actions)).toBe(actions.restart);
    expect(debugKeyAction(press('F5', { shiftKey: true, metaKey: true }), actions)).toBe(actions.restart);
    expect(debugKeyAction(press('F10'), actions)).toBe(actions.stepOver);
    expect(debugKeyAction(press('F11'), actions)).toBe(actions.stepInto);
    expect(debugKeyAction(press('F11', { shiftKey: true }), actions)).toBe(actions.stepOut);
    expect(debugKeyAction(press('F9'), actions)).toBe(actions.toggleBreakpoint);
    expect(debugKeyAction(press('a'), actions)).toBeUndefined();
  });
  it('F5 starts debugging when there is nothing to continue', () => {
    expect(debugKeyAction(press('F5'), { start: actions.start })).toBe(actions.start);
    expect(debugKeyAction(press('F5'), {})).toBeUndefined();
  });
});
