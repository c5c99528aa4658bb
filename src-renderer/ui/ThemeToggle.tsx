import { setTheme, useTheme } from './theme';

/** The "Dark theme" switch of the top bar: checked in the dark theme; the choice is remembered. */
export function ThemeToggle() {
  const theme = useTheme();
  return (
    <label className="theme-toggle">
      <input type="checkbox" role="switch" aria-label="Dark theme" checked={theme === 'dark'} onChange={(e) => setTheme(e.target.checked ? 'dark' : 'light')} />
      Dark theme
    </label>
  );
}
