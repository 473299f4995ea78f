//! The look: calm and trustworthy. A muted blue carries the interface; red and amber are kept for
//! deadlines that are truly close and for errors, so that they still mean something when they
//! appear.

import type { ThemeConfig } from 'antd';

export const FONT_STACK = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';

// In English, Latin fonts come first: CJK fonts draw quotes and punctuation full-width.
const LATIN_FIRST_STACK = `-apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", ${FONT_STACK}`;

export const MONO_STACK =
  '"JetBrains Mono", "SFMono-Regular", Menlo, Consolas, "Noto Sans Mono CJK SC", "Liberation Mono", monospace';

export const palette = {
  primary: '#3d6a9e',
  primarySoft: '#e9f0f8',
  success: '#3f8a68',
  warning: '#c7891d',
  error: '#c2453b',
  text: '#1f2a3d',
  textSecondary: '#5a6679',
  layout: '#f3f5f9',
  border: '#dde3ec',
} as const;

const baseTheme: ThemeConfig = {
  cssVar: { key: 'casefile' },
  token: {
    colorPrimary: palette.primary,
    colorInfo: palette.primary,
    colorLink: palette.primary,
    colorSuccess: palette.success,
    colorWarning: palette.warning,
    colorError: palette.error,
    colorTextBase: palette.text,
    colorBgLayout: palette.layout,
    colorBorderSecondary: '#e6eaf1',
    fontFamily: FONT_STACK,
    fontFamilyCode: MONO_STACK,
    fontSize: 14,
    lineHeight: 1.65,
    borderRadius: 8,
    controlHeight: 36,
    wireframe: false,
  },
  components: {
    Layout: {
      siderBg: '#ffffff',
      headerBg: '#ffffff',
      headerHeight: 56,
      headerPadding: '0 24px',
      bodyBg: palette.layout,
    },
    Menu: {
      itemBg: 'transparent',
      itemSelectedBg: palette.primarySoft,
      itemSelectedColor: palette.primary,
      itemHeight: 44,
      itemMarginInline: 8,
      iconSize: 16,
    },
    Card: {
      headerFontSize: 16,
    },
    Button: {
      fontWeight: 500,
    },
  },
};

/** The antd theme for the interface language. */
export function themeFor(language: 'zh-CN' | 'en'): ThemeConfig {
  if (language === 'zh-CN') return baseTheme;
  return { ...baseTheme, token: { ...baseTheme.token, fontFamily: LATIN_FIRST_STACK } };
}
