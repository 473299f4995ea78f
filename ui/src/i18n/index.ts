//! Interface language: Chinese first, English second. All user-visible text lives in
//! ../locales/*.json; the choice is remembered in localStorage (it is a preference, not vault
//! data, so it is readable before the vault is unlocked).

import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../locales/en.json';
import enCases from '../locales/en/cases.json';
import enContacts from '../locales/en/contacts.json';
import enEnums from '../locales/en/enums.json';
import enEvidence from '../locales/en/evidence.json';
import enMediation from '../locales/en/mediation.json';
import zhCN from '../locales/zh-CN.json';
import zhCases from '../locales/zh-CN/cases.json';
import zhContacts from '../locales/zh-CN/contacts.json';
import zhEnums from '../locales/zh-CN/enums.json';
import zhEvidence from '../locales/zh-CN/evidence.json';
import zhMediation from '../locales/zh-CN/mediation.json';

/**
 * One namespace per area of the app (`useTranslation('evidence')`); `translation` is shared.
 * `enums` holds the words of the core's named enums (`t('enums:stage.litigation')`): generated
 * from Rust by `casefile-app`'s bindings test, never edited by hand.
 */
export const NAMESPACES = ['translation', 'cases', 'evidence', 'contacts', 'mediation', 'enums'] as const;

export const RESOURCES = {
  'zh-CN': {
    translation: zhCN,
    cases: zhCases,
    evidence: zhEvidence,
    contacts: zhContacts,
    mediation: zhMediation,
    enums: zhEnums,
  },
  en: {
    translation: en,
    cases: enCases,
    evidence: enEvidence,
    contacts: enContacts,
    mediation: enMediation,
    enums: enEnums,
  },
} as const;

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

const STORAGE_KEY = 'casefile.language';

function isLanguage(value: unknown): value is Language {
  return (LANGUAGES as readonly unknown[]).includes(value);
}

export function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

/** Switches the interface language and remembers the choice. */
export async function setLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Storage can be unavailable (private mode); the switch still applies for this session.
  }
  await i18n.changeLanguage(language);
}

/** The active language, normalised to one we ship. */
export function currentLanguage(language: string | undefined = i18n.language): Language {
  return isLanguage(language) ? language : DEFAULT_LANGUAGE;
}

void i18n.use(initReactI18next).init({
  resources: RESOURCES,
  ns: [...NAMESPACES],
  defaultNS: 'translation',
  lng: storedLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});

export default i18n;
