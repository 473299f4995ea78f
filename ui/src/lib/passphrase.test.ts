import { describe, expect, it } from 'vitest';
import { isAcceptablePassphrase, MIN_PASSPHRASE_LENGTH, passphraseStrength } from './passphrase';

describe('passphraseStrength', () => {
  it('asks for input when empty', () => {
    expect(passphraseStrength('')).toEqual({ score: 0, hint: 'empty' });
  });

  it(`requires at least ${MIN_PASSPHRASE_LENGTH} characters`, () => {
    expect(passphraseStrength('Ab3$xyz')).toEqual({ score: 0, hint: 'tooShort' });
    expect(passphraseStrength('Ab3$xyzQ').hint).not.toBe('tooShort');
  });

  it('counts characters, not UTF-16 code units', () => {
    // Seven Chinese characters are still seven characters.
    expect(passphraseStrength('我的网贷会还清').hint).toBe('tooShort');
  });

  it('rejects well-known passwords, also with look-alike characters', () => {
    for (const p of ['password', 'Password123', 'P@ssw0rd!', 'qwertyuiop', '1qaz2wsx', '5201314woaini', 'iloveyou2024']) {
      expect(passphraseStrength(p), p).toEqual({ score: 0, hint: 'common' });
    }
  });

  it('rejects sequences', () => {
    for (const p of ['12345678', '123456789', '987654321', 'abcdefgh']) {
      expect(passphraseStrength(p), p).toEqual({ score: 0, hint: 'sequence' });
    }
  });

  it('rejects repeats', () => {
    for (const p of ['aaaaaaaa', '88888888', 'abcabcabc', 'xyzxyzxyzxyz']) {
      expect(passphraseStrength(p), p).toEqual({ score: 0, hint: 'repeated' });
    }
  });

  it('rates a short single-class word as weak and suggests more length', () => {
    expect(passphraseStrength('kangaroo')).toEqual({ score: 1, hint: 'addLength' });
  });

  it('rates mixed short passphrases as fair', () => {
    expect(passphraseStrength('Kangaroo7').score).toBe(2);
    expect(passphraseStrength('kangaroo7x').hint).toBe('addVariety');
  });

  it('rates long or varied passphrases as strong', () => {
    expect(passphraseStrength('Tr0ub4dor&3')).toEqual({ score: 4, hint: 'strong' });
    expect(passphraseStrength('correct horse battery staple')).toEqual({ score: 4, hint: 'strong' });
    expect(passphraseStrength('我的网贷一定能还清').score).toBeGreaterThanOrEqual(3);
  });

  it('discounts years and common parts without zeroing a good phrase', () => {
    const withYear = passphraseStrength('sunflower2024');
    const withoutYear = passphraseStrength('sunflowerkqzv');
    expect(withYear.score).toBeLessThan(withoutYear.score);
    expect(passphraseStrength('my password is a long walk home').score).toBe(4);
  });

  it('does not punish ordinary words that contain a short letter run', () => {
    expect(passphraseStrength('first study').hint).not.toBe('sequence');
  });

  it('never scores lower when more random characters are appended', () => {
    let previous = 0;
    let p = 'Quiet';
    for (const c of 'river7#Lamp9stone') {
      p += c;
      const { score } = passphraseStrength(p);
      expect(score, p).toBeGreaterThanOrEqual(previous);
      previous = score;
    }
  });
});

describe('isAcceptablePassphrase', () => {
  it('accepts anything scoring above zero', () => {
    expect(isAcceptablePassphrase('kangaroo')).toBe(true);
    expect(isAcceptablePassphrase('12345678')).toBe(false);
    expect(isAcceptablePassphrase('short')).toBe(false);
  });
});
