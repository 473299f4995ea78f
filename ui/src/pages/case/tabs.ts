/** The tabs of a case, in display order; the key is the `:tab` part of `/cases/:id/:tab`. */
export const CASE_TABS = ['overview', 'evidence', 'contacts', 'deadlines', 'mediation', 'export'] as const;

export type CaseTab = (typeof CASE_TABS)[number];

export function isCaseTab(value: string | undefined): value is CaseTab {
  return (CASE_TABS as readonly (string | undefined)[]).includes(value);
}
