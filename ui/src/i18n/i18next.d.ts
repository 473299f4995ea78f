// Typed translation keys: `t('nav.cases')` is checked against the Chinese locale file, which is
// the reference (the locale test keeps en.json in step with it).
import 'i18next';
import type zhCN from '../locales/zh-CN.json';
import type cases from '../locales/zh-CN/cases.json';
import type contacts from '../locales/zh-CN/contacts.json';
import type enums from '../locales/zh-CN/enums.json';
import type evidence from '../locales/zh-CN/evidence.json';
import type mediation from '../locales/zh-CN/mediation.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: {
      translation: typeof zhCN;
      cases: typeof cases;
      evidence: typeof evidence;
      contacts: typeof contacts;
      mediation: typeof mediation;
      enums: typeof enums;
    };
  }
}
