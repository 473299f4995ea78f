//! The auto-lock time's rules, as the core checks them (1 to 240 whole minutes).

export const AUTO_LOCK_MIN = 1;
export const AUTO_LOCK_MAX = 240;

/** What is wrong with an auto-lock time, if anything. */
export function autoLockProblem(value: number | null | undefined): 'empty' | 'zero' | 'tooLong' | 'whole' | null {
  if (value === null || value === undefined) return 'empty';
  if (!Number.isInteger(value)) return 'whole';
  if (value < AUTO_LOCK_MIN) return 'zero';
  if (value > AUTO_LOCK_MAX) return 'tooLong';
  return null;
}

