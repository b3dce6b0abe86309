// The two remembered preferences: language and theme (localStorage; both work without it).
// The theme follows the system unless the user picked one: CSS reads <html data-theme>.

const THEMES = ['auto', 'light', 'dark'];

export function loadPref(name) {
  try {
    return localStorage.getItem(`leibniz.${name}`);
  } catch {
    return null; // storage disabled
  }
}

export function savePref(name, value) {
  try {
    localStorage.setItem(`leibniz.${name}`, value);
  } catch {
    // storage disabled: the choice lasts for this visit only
  }
}

export function storedTheme() {
  const t = loadPref('theme');
  return THEMES.includes(t) ? t : 'auto';
}

export function applyTheme(theme) {
  const root = document.documentElement;
  if (theme === 'auto') delete root.dataset.theme;
  else root.dataset.theme = theme;
  root.dataset.themeChoice = theme;
}

export function nextTheme(theme) {
  return THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length];
}

// Calls `fn` when the system switches between light and dark.
export function onSystemThemeChange(fn) {
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', fn);
}
