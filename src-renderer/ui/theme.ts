import { useSyncExternalStore } from 'react';

/**
 * The colour theme: light or dark. It follows the OS (`prefers-color-scheme`) until the user
 * chooses with the "Dark theme" toggle; that choice is remembered in localStorage. The theme is
 * applied as `<html data-theme="light|dark">`, and app.css defines every colour (status colours
 * included, `--status-<status>-fill|stroke|text`) for both.
 */

/** A colour theme. */
export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'stepscope.theme';
const listeners = new Set<() => void>();
let chosen: Theme | null = readChoice();
let current: Theme = resolve();

function readChoice(): Theme | null {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return v === 'dark' || v === 'light' ? v : null;
  } catch {
    return null; // storage disabled: follow the OS
  }
}

function osTheme(): Theme {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function resolve(): Theme {
  return chosen ?? osTheme();
}

function apply(): void {
  current = resolve();
  document.documentElement.dataset.theme = current;
  for (const listener of [...listeners]) listener();
}

apply();
if (typeof window.matchMedia === 'function') {
  // Follows the OS while the user has not chosen.
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => chosen === null && apply());
}

/** The theme in use. */
export function currentTheme(): Theme {
  return current;
}

/** Chooses a theme and remembers the choice. */
export function setTheme(theme: Theme): void {
  chosen = theme;
  try {
    window.localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // storage disabled: the choice lasts until the page is reloaded
  }
  apply();
}

/** Subscribes to theme changes; returns the disposer. */
export function subscribeTheme(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The theme in use, re-rendering the component when it changes (canvas drawings need it). */
export function useTheme(): Theme {
  return useSyncExternalStore(subscribeTheme, currentTheme);
}
