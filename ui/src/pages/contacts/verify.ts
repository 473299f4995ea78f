//! What a vault check found, reduced to what the settings screen says.

import type { Report } from '../../platform';

export interface VerifySummary {
  ok: boolean;
  evidence: number;
  chainEvents: number;
  problems: Report['problems'];
}

export function summariseReport(report: Report): VerifySummary {
  return {
    // A report that says ok but lists problems is treated as not ok: the list wins.
    ok: report.ok && report.problems.length === 0,
    evidence: report.checked.evidence_items,
    chainEvents: report.checked.chain_events,
    problems: report.problems,
  };
}

/** Problem codes the screen explains in words; others show the core's own message. */
export const KNOWN_PROBLEM_CODES = [
  'database_integrity',
  'chain',
  'evidence_missing',
  'evidence_damaged',
  'evidence_hash_mismatch',
  'evidence_unchained',
  'chain_evidence_missing',
  'stray_file',
  'record_unchained',
] as const;

export type KnownProblemCode = (typeof KNOWN_PROBLEM_CODES)[number];

export function isKnownProblem(code: string): code is KnownProblemCode {
  return (KNOWN_PROBLEM_CODES as readonly string[]).includes(code);
}

/** A whole percentage for a progress report, never NaN and never past 100. */
export function percent(done: number, total: number): number {
  if (!(total > 0)) return 0;
  return Math.min(100, Math.max(0, Math.floor((done / total) * 100)));
}
