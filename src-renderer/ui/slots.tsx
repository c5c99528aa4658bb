import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

/**
 * Named places of the workspace layout that content is rendered into from elsewhere in the React
 * tree (a portal): the inspector of an execution fills "graph", "timeline", "events", ... while
 * the layout around them stays mounted (sizes, focus and scroll positions survive a new run).
 */
type Register = (name: string, element: HTMLElement | null) => void;

/** The slots' elements by name (null: no provider), and the stable function slots register with. */
const SlotContext = createContext<ReadonlyMap<string, HTMLElement> | null>(null);
const RegisterContext = createContext<Register | null>(null);

/** Provides the slots of one layout to the `Slot`s that declare them and the `Fill`s that use them. */
export function SlotProvider({ children }: { children: ReactNode }) {
  const [elements, setElements] = useState<ReadonlyMap<string, HTMLElement>>(() => new Map());
  const register = useCallback((name: string, element: HTMLElement | null) => {
    setElements((current) => {
      if (element === null ? !current.has(name) : current.get(name) === element) return current;
      const next = new Map(current);
      if (element === null) next.delete(name);
      else next.set(name, element);
      return next;
    });
  }, []);
  return (
    <RegisterContext.Provider value={register}>
      <SlotContext.Provider value={elements}>{children}</SlotContext.Provider>
    </RegisterContext.Provider>
  );
}

/** Declares a slot: an element that `Fill`s of the same name render into. */
export function Slot({ name, className }: { name: string; className?: string }) {
  // The register function never changes: the ref is not detached and attached again at each registration.
  const register = useContext(RegisterContext);
  const ref = useCallback((element: HTMLDivElement | null) => register?.(name, element), [register, name]);
  return <div ref={ref} className={className ?? 'slot'} data-slot={name} />;
}

/** True when some `Fill` could render into the named slot. */
export function useSlotFilled(name: string): boolean {
  return useContext(SlotContext)?.has(name) ?? false;
}

/**
 * Renders its children into the named slot. Outside a `SlotProvider` the children are rendered
 * in place (a view used on its own); inside one, nothing is shown until the slot exists.
 */
export function Fill({ name, children }: { name: string; children: ReactNode }) {
  const elements = useContext(SlotContext);
  if (elements === null) return <>{children}</>;
  const element = elements.get(name);
  return element === undefined ? null : createPortal(children, element);
}
