import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../i18n';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1] ?? '').sort();
}

// Every namespace, keys prefixed with the namespace name (`evidence.drop.title`).
const zh = flatten(RESOURCES['zh-CN']);
const english = flatten(RESOURCES.en);

describe('locale files', () => {
  it('have exactly the same keys', () => {
    const onlyZh = [...zh.keys()].filter((k) => !english.has(k));
    const onlyEn = [...english.keys()].filter((k) => !zh.has(k));
    expect({ onlyZh, onlyEn }).toEqual({ onlyZh: [], onlyEn: [] });
  });

  it('have no empty texts', () => {
    const empty = [...zh, ...english].filter(([, v]) => v.trim() === '').map(([k]) => k);
    expect(empty).toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    const mismatched = [...zh.keys()]
      .filter((k) => english.has(k))
      .filter((k) => placeholders(zh.get(k) ?? '').join() !== placeholders(english.get(k) ?? '').join());
    expect(mismatched).toEqual([]);
  });

  it('explain every error code the UI knows', async () => {
    const { KNOWN_ERROR_CODES } = await import('../platform');
    for (const code of [...KNOWN_ERROR_CODES, 'unknown']) {
      expect(zh.has(`translation.errors.${code}`), code).toBe(true);
    }
  });
});
