//! How a recovery key is laid out for a person to copy by hand.

export interface KeyGroup {
  text: string;
  /** The separator that followed this group in the key itself ("" for the last one). */
  separator: string;
}

/**
 * Splits a key into groups for reading aloud and copying by hand. Joining `text + separator` of
 * every group gives back the key exactly, so what is displayed, copied and read by a test is the
 * key the core produced. A key without separators is cut into groups of four.
 */
export function keyGroups(key: string): KeyGroup[] {
  const parts = key.trim().match(/[^\s-]+[\s-]*/g) ?? [];
  if (parts.length > 1) {
    return parts.map((part) => {
      const text = part.replace(/[\s-]+$/, '');
      return { text, separator: part.slice(text.length) };
    });
  }
  return (key.trim().match(/.{1,4}/g) ?? []).map((text) => ({ text, separator: '' }));
}

/**
 * The groups in rows of `perRow` (a 9-group key is 3 rows of 3), so the key is read and copied
 * row by row instead of wrapping wherever the window's width falls.
 */
export function keyRows(groups: readonly KeyGroup[], perRow = 3): KeyGroup[][] {
  const rows: KeyGroup[][] = [];
  for (let i = 0; i < groups.length; i += perRow) rows.push(groups.slice(i, i + perRow));
  return rows;
}
