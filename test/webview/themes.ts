/**
 * Three VS Code themes as the variables VS Code puts on a webview's <html> (values from the
 * built-in Light+, Dark+ and High Contrast themes), so the test page can switch between them
 * the way VS Code does: new variables on <html>, a new class on <body>.
 */
export type ThemeName = 'light' | 'dark' | 'high-contrast';

const common = {
  '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-font-weight': 'normal',
  '--vscode-editor-font-family': '"Droid Sans Mono", monospace',
  '--vscode-editor-font-size': '13px',
};

export const THEMES: Record<ThemeName, { bodyClass: string; kind: string; vars: Record<string, string> }> = {
  light: {
    bodyClass: 'vscode-light', kind: 'vscode-light',
    vars: {
      ...common,
      '--vscode-foreground': '#616161', '--vscode-editor-background': '#ffffff', '--vscode-editor-foreground': '#000000',
      '--vscode-descriptionForeground': '#717171', '--vscode-disabledForeground': 'rgba(97, 97, 97, 0.5)', '--vscode-errorForeground': '#a1260d',
      '--vscode-focusBorder': '#0090f1', '--vscode-widget-border': '#d4d4d4', '--vscode-panel-border': 'rgba(128, 128, 128, 0.35)',
      '--vscode-widget-shadow': 'rgba(0, 0, 0, 0.16)', '--vscode-editorWidget-background': '#f3f3f3', '--vscode-editorWidget-foreground': '#616161',
      '--vscode-sideBar-background': '#f3f3f3', '--vscode-list-hoverBackground': '#e8e8e8', '--vscode-list-dropBackground': '#d6ebff',
      '--vscode-button-background': '#007acc', '--vscode-button-foreground': '#ffffff', '--vscode-button-hoverBackground': '#0062a3',
      '--vscode-button-secondaryBackground': '#5f6a79', '--vscode-button-secondaryForeground': '#ffffff', '--vscode-button-secondaryHoverBackground': '#4c5561',
      '--vscode-input-background': '#ffffff', '--vscode-input-foreground': '#616161', '--vscode-input-border': '#cecece', '--vscode-input-placeholderForeground': '#767676',
      '--vscode-dropdown-background': '#ffffff', '--vscode-dropdown-foreground': '#616161', '--vscode-dropdown-border': '#cecece',
      '--vscode-badge-background': '#c4c4c4', '--vscode-badge-foreground': '#333333',
      '--vscode-charts-foreground': '#616161', '--vscode-charts-lines': 'rgba(97, 97, 97, 0.5)', '--vscode-charts-red': '#e51400',
      '--vscode-charts-blue': '#1a85ff', '--vscode-charts-yellow': '#bf8803', '--vscode-charts-orange': '#d18616',
      '--vscode-charts-green': '#388a34', '--vscode-charts-purple': '#652d90',
      '--vscode-textLink-foreground': '#006ab1', '--vscode-textLink-activeForeground': '#006ab1',
      '--vscode-menu-background': '#ffffff', '--vscode-menu-foreground': '#616161', '--vscode-menu-selectionBackground': '#0060c0', '--vscode-menu-selectionForeground': '#ffffff',
      '--vscode-inputValidation-errorBackground': '#f2dede', '--vscode-inputValidation-errorBorder': '#be1100',
      '--vscode-textCodeBlock-background': 'rgba(220, 220, 220, 0.4)', '--vscode-toolbar-hoverBackground': 'rgba(184, 184, 184, 0.31)',
      '--vscode-panelTitle-activeBorder': '#424242', '--vscode-testing-iconPassed': '#388a34', '--vscode-testing-iconFailed': '#f14c4c',
    },
  },
  dark: {
    bodyClass: 'vscode-dark', kind: 'vscode-dark',
    vars: {
      ...common,
      '--vscode-foreground': '#cccccc', '--vscode-editor-background': '#1e1e1e', '--vscode-editor-foreground': '#d4d4d4',
      '--vscode-descriptionForeground': 'rgba(204, 204, 204, 0.7)', '--vscode-disabledForeground': 'rgba(204, 204, 204, 0.5)', '--vscode-errorForeground': '#f48771',
      '--vscode-focusBorder': '#007fd4', '--vscode-widget-border': '#303031', '--vscode-panel-border': 'rgba(128, 128, 128, 0.35)',
      '--vscode-widget-shadow': 'rgba(0, 0, 0, 0.36)', '--vscode-editorWidget-background': '#252526', '--vscode-editorWidget-foreground': '#cccccc',
      '--vscode-sideBar-background': '#252526', '--vscode-list-hoverBackground': '#2a2d2e', '--vscode-list-dropBackground': '#383b3d',
      '--vscode-button-background': '#0e639c', '--vscode-button-foreground': '#ffffff', '--vscode-button-hoverBackground': '#1177bb',
      '--vscode-button-secondaryBackground': '#3a3d41', '--vscode-button-secondaryForeground': '#ffffff', '--vscode-button-secondaryHoverBackground': '#45494e',
      '--vscode-input-background': '#3c3c3c', '--vscode-input-foreground': '#cccccc', '--vscode-input-border': '#3c3c3c', '--vscode-input-placeholderForeground': '#a6a6a6',
      '--vscode-dropdown-background': '#3c3c3c', '--vscode-dropdown-foreground': '#f0f0f0', '--vscode-dropdown-border': '#3c3c3c',
      '--vscode-badge-background': '#4d4d4d', '--vscode-badge-foreground': '#ffffff',
      '--vscode-charts-foreground': '#cccccc', '--vscode-charts-lines': 'rgba(204, 204, 204, 0.5)', '--vscode-charts-red': '#f14c4c',
      '--vscode-charts-blue': '#3794ff', '--vscode-charts-yellow': '#cca700', '--vscode-charts-orange': '#d18616',
      '--vscode-charts-green': '#89d185', '--vscode-charts-purple': '#b180d7',
      '--vscode-textLink-foreground': '#3794ff', '--vscode-textLink-activeForeground': '#3794ff',
      '--vscode-menu-background': '#303031', '--vscode-menu-foreground': '#cccccc', '--vscode-menu-selectionBackground': '#04395e', '--vscode-menu-selectionForeground': '#ffffff',
      '--vscode-inputValidation-errorBackground': '#5a1d1d', '--vscode-inputValidation-errorBorder': '#be1100',
      '--vscode-textCodeBlock-background': 'rgba(10, 10, 10, 0.4)', '--vscode-toolbar-hoverBackground': 'rgba(90, 93, 94, 0.31)',
      '--vscode-panelTitle-activeBorder': '#e7e7e7', '--vscode-testing-iconPassed': '#73c991', '--vscode-testing-iconFailed': '#f14c4c',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast', kind: 'vscode-high-contrast',
    vars: {
      ...common,
      '--vscode-foreground': '#ffffff', '--vscode-editor-background': '#000000', '--vscode-editor-foreground': '#ffffff',
      '--vscode-descriptionForeground': 'rgba(255, 255, 255, 0.7)', '--vscode-disabledForeground': '#a5a5a5', '--vscode-errorForeground': '#f48771',
      '--vscode-focusBorder': '#f38518', '--vscode-contrastBorder': '#6fc3df', '--vscode-contrastActiveBorder': '#f38518',
      '--vscode-widget-shadow': 'rgba(0, 0, 0, 0)', '--vscode-editorWidget-background': '#0c141f', '--vscode-editorWidget-foreground': '#ffffff',
      '--vscode-sideBar-background': '#000000', '--vscode-list-dropBackground': '#000000',
      '--vscode-button-background': '#000000', '--vscode-button-foreground': '#ffffff', '--vscode-button-border': '#6fc3df',
      '--vscode-button-secondaryBackground': '#000000', '--vscode-button-secondaryForeground': '#ffffff',
      '--vscode-input-background': '#000000', '--vscode-input-foreground': '#ffffff', '--vscode-input-border': '#6fc3df', '--vscode-input-placeholderForeground': 'rgba(255, 255, 255, 0.7)',
      '--vscode-dropdown-background': '#000000', '--vscode-dropdown-foreground': '#ffffff', '--vscode-dropdown-border': '#6fc3df',
      '--vscode-badge-background': '#000000', '--vscode-badge-foreground': '#ffffff',
      '--vscode-charts-foreground': '#ffffff', '--vscode-charts-lines': 'rgba(255, 255, 255, 0.5)', '--vscode-charts-red': '#f14c4c',
      '--vscode-charts-blue': '#3794ff', '--vscode-charts-yellow': '#ffd700', '--vscode-charts-orange': '#ff8c00',
      '--vscode-charts-green': '#89d185', '--vscode-charts-purple': '#b180d7',
      '--vscode-textLink-foreground': '#21a6ff', '--vscode-textLink-activeForeground': '#21a6ff',
      '--vscode-menu-background': '#000000', '--vscode-menu-foreground': '#ffffff', '--vscode-menu-border': '#6fc3df', '--vscode-menu-selectionBackground': '#000000',
      '--vscode-inputValidation-errorBackground': '#000000', '--vscode-inputValidation-errorBorder': '#f38518',
      '--vscode-textCodeBlock-background': '#000000', '--vscode-panelTitle-activeBorder': '#f38518',
      '--vscode-testing-iconPassed': '#73c991', '--vscode-testing-iconFailed': '#f14c4c',
    },
  },
};
