import { describe, expect, it } from 'vitest';
import { keyGroups, keyRows } from './recoveryKey';

const join = (key: string) =>
  keyGroups(key)
    .map((g) => g.text + g.separator)
    .join('');

describe('keyGroups', () => {
  it('keeps the separators the core put in', () => {
    expect(keyGroups('ABCD-EFGH-IJKL')).toEqual([
      { text: 'ABCD', separator: '-' },
      { text: 'EFGH', separator: '-' },
      { text: 'IJKL', separator: '' },
    ]);
    expect(join('AGE1 QQQQ WWWW')).toBe('AGE1 QQQQ WWWW');
  });

  it('cuts a key without separators into groups of four', () => {
    expect(keyGroups('ABCDEFGHIJ').map((g) => g.text)).toEqual(['ABCD', 'EFGH', 'IJ']);
    expect(join('ABCDEFGHIJ')).toBe('ABCDEFGHIJ');
  });

  it('handles an empty key', () => {
    expect(keyGroups('')).toEqual([]);
  });
});

describe('keyRows', () => {
  it('lays a 9-group key out as 3 rows of 3 and keeps every character', () => {
    const key = 'ABCD-EFGH-JKMN-PQRS-TVWX-YZ23-4567-89AB-CDEF';
    const rows = keyRows(keyGroups(key));
    expect(rows.map((r) => r.length)).toEqual([3, 3, 3]);
    expect(rows.flat().map((g) => g.text + g.separator).join('')).toBe(key);
  });
});
