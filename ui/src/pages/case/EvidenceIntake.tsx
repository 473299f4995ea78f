//! Adding evidence to the open case from anywhere on the case page: the file picker, files
//! dropped on the window, progress with cancel. (Stub: the evidence screen fills it in.)

import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';

export interface EvidenceIntake {
  /** Opens the file picker and adds what is chosen. */
  pickFiles: () => void;
  /** Adds files by path (from a drop). */
  addFiles: (paths: string[]) => void;
  /** Bumps whenever an intake batch finishes, so lists can reload. */
  generation: number;
}

const IntakeContext = createContext<EvidenceIntake>({
  pickFiles: () => undefined,
  addFiles: () => undefined,
  generation: 0,
});

export function useEvidenceIntake(): EvidenceIntake {
  return useContext(IntakeContext);
}

/** Mounted once by the case page around its tabs. */
export function EvidenceIntakeProvider({ caseId, children }: { caseId: string; children: ReactNode }) {
  void caseId;
  return (
    <IntakeContext.Provider value={{ pickFiles: () => undefined, addFiles: () => undefined, generation: 0 }}>
      {children}
    </IntakeContext.Provider>
  );
}
