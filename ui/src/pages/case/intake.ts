//! The evidence-intake context shared by the case page and its tabs (see EvidenceIntake.tsx).

import { createContext, useContext } from 'react';

export interface EvidenceIntake {
  /** Opens the file picker and adds what is chosen. */
  pickFiles: () => void;
  /** Adds files by path (from a drop). */
  addFiles: (paths: string[]) => void;
  /** Bumps whenever an intake batch finishes, so lists can reload. */
  generation: number;
  /** True while a batch is going in (optional for older providers). */
  busy?: boolean;
}

export const IntakeContext = createContext<EvidenceIntake>({
  pickFiles: () => undefined,
  addFiles: () => undefined,
  generation: 0,
});

export function useEvidenceIntake(): EvidenceIntake {
  return useContext(IntakeContext);
}
