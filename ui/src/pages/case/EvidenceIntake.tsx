//! Adding evidence to the open case from anywhere on the case page: the file picker, files
//! dropped on the window, progress with cancel. (Stub: the evidence screen fills it in.)

import type { ReactNode } from 'react';
import { IntakeContext } from './intake';

/** Mounted once by the case page around its tabs. */
export function EvidenceIntakeProvider({ caseId, children }: { caseId: string; children: ReactNode }) {
  void caseId;
  return (
    <IntakeContext.Provider value={{ pickFiles: () => undefined, addFiles: () => undefined, generation: 0 }}>
      {children}
    </IntakeContext.Provider>
  );
}
