//! Pure helpers of the import flow (tested in logic.test.ts): the choice per number the
//! preview starts from, the request the choices make, and the recognised sources by format.

import type { Format, ImportParams, ImportReport, NumberGroup } from '../../platform';

/** What the user chose for one number: a case id, or 不导入. */
export type Choice = { kind: 'case'; caseId: string } | { kind: 'skip' };

export const SKIP: Choice = { kind: 'skip' };

/** A number that can be routed (records without any number or name cannot). */
export function assignable(group: NumberGroup): boolean {
  return group.key !== '';
}

/**
 * The choices the preview starts with: a number one case already knows goes there; any other
 * (unknown, or known in several cases) is 不导入 until the user picks a debt. Nothing goes into
 * a case the user has not seen in the table.
 */
export function initialChoices(report: ImportReport): Map<string, Choice> {
  const choices = new Map<string, Choice>();
  for (const g of report.numbers) {
    if (!assignable(g)) continue;
    choices.set(g.key, g.case !== null ? { kind: 'case', caseId: g.case } : SKIP);
  }
  return choices;
}

/** Every number still on 不导入 that no case knows goes to `caseId` (the case page's button). */
export function unknownTo(report: ImportReport, choices: Map<string, Choice>, caseId: string): Map<string, Choice> {
  const next = new Map(choices);
  for (const g of report.numbers) {
    if (assignable(g) && g.known_in.length === 0 && next.get(g.key)?.kind !== 'case') {
      next.set(g.key, { kind: 'case', caseId });
    }
  }
  return next;
}

/** How many records the choices would import. */
export function chosenCount(report: ImportReport, choices: Map<string, Choice>): number {
  return report.numbers.reduce((n, g) => n + (choices.get(g.key)?.kind === 'case' ? g.count : 0), 0);
}

/** The apply request: every number of the preview explicitly assigned or skipped. */
export function applyParams(
  paths: string[],
  choices: Map<string, Choice>,
  utcOffsetMinutes: number | null,
  jobId: string,
  pattern = '',
): ImportParams {
  const assign: ImportParams['assign'] = [];
  const skip: string[] = [];
  for (const [key, choice] of choices) {
    if (choice.kind === 'case') assign.push({ number: key, case_id: choice.caseId });
    else skip.push(key);
  }
  return {
    paths,
    assign,
    skip,
    case_id: null,
    utc_offset_minutes: utcOffsetMinutes,
    pattern: patternParam(pattern),
    job_id: jobId,
  };
}

/** The preview request: nothing assigned, nothing skipped, so every number shows as it is. */
export function previewParams(
  paths: string[],
  utcOffsetMinutes: number | null,
  jobId: string,
  pattern = '',
): ImportParams {
  return {
    paths,
    assign: [],
    skip: [],
    case_id: null,
    utc_offset_minutes: utcOffsetMinutes,
    pattern: patternParam(pattern),
    job_id: jobId,
  };
}

/** The recording-name pattern as the core takes it: none when left blank. */
export function patternParam(pattern: string): string | null {
  return pattern.trim() === '' ? null : pattern.trim();
}

export interface SourceLine {
  format: Format;
  files: number;
  records: number;
  skipped: number;
}

/** The recognised files by format, in the order first seen (one line per format). */
export function sourcesByFormat(report: ImportReport): SourceLine[] {
  const lines = new Map<Format, SourceLine>();
  for (const s of report.sources) {
    const line = lines.get(s.format) ?? { format: s.format, files: 0, records: 0, skipped: 0 };
    line.files += 1;
    line.records += s.records;
    line.skipped += s.skipped;
    lines.set(s.format, line);
  }
  return [...lines.values()];
}

/** Problem codes the locale explains; anything else is worded as "cannot be imported". */
export const PROBLEM_CODES = [
  'unreadable',
  'not_recognised',
  'malformed',
  'bad_time',
  'empty',
  'too_large',
  'too_many_records',
  'record_refused',
] as const;

export type ProblemCode = (typeof PROBLEM_CODES)[number] | 'other';

export function problemCode(code: string): ProblemCode {
  return (PROBLEM_CODES as readonly string[]).includes(code) ? (code as ProblemCode) : 'other';
}

/** "+08:00" for 480 minutes east of UTC. */
export function offsetLabel(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const h = String(Math.floor(abs / 60)).padStart(2, '0');
  const m = String(abs % 60).padStart(2, '0');
  return `${sign}${h}:${m}`;
}

/** This computer's offset now, in minutes east of UTC. */
export function computerOffsetMinutes(now: Date = new Date()): number {
  // getTimezoneOffset counts minutes *behind* UTC; `|| 0` turns -0 into 0.
  return -now.getTimezoneOffset() || 0;
}
