/** Shared React components, and the colour theme. */
export { JsonView, type JsonViewProps } from './JsonView';
export { ThemeToggle } from './ThemeToggle';
export { currentTheme, setTheme, subscribeTheme, useTheme, type Theme } from './theme';
export { countLabel } from './countLabel';
export { SlotProvider, Slot, Fill, useSlotFilled } from './slots';
