// Canvas and SVG drawing read colours from CSS custom properties, which VS Code sets from the
// active theme. A theme change rewrites the <html> style attribute and the body class; watch
// both and tell the views to redraw with the new colours.

/** Reads a custom property (var() chains resolved) from an element's computed style. */
export function cssVar(el: Element, name: string, fallback = ''): string {
  const value = getComputedStyle(el).getPropertyValue(name).trim();
  return value || fallback;
}

/** Calls `onChange` (once per frame at most) whenever the theme may have changed. */
export function watchTheme(onChange: () => void): () => void {
  let queued = false;
  const fire = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      onChange();
    });
  };
  const observer = new MutationObserver(fire);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class', 'data-vscode-theme-kind'] });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  return () => observer.disconnect();
}
