#!/usr/bin/env python3
"""Rebuild NotoSansSC-Regular-subset.otf from Debian's fonts-noto-cjk.

Usage (from this folder):  python3 make_subset.py
Needs: apt-get install fonts-noto-cjk ; pip install fonttools (built with 4.68.0)
"""
import os
import subprocess
import tempfile
import sys

SRC = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
FACE = 2  # Noto Sans CJK SC (Simplified Chinese)
OUT = "NotoSansSC-Regular-subset.otf"


def gb2312_chars():
    """Every character of GB2312 (rows 0xA1-0xF7, cells 0xA1-0xFE): symbols,
    full-width forms, kana, Greek, Cyrillic, pinyin, box drawing and the 6,763 hanzi
    of levels 1 and 2."""
    out = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


def main():
    cps = set()
    cps.update(range(0x20, 0x7F))        # ASCII
    cps.update(range(0xA0, 0x100))       # Latin-1 (¥ × ÷ « » § ° ± …)
    cps.update(range(0x2000, 0x2070))    # general punctuation (— – ‘ ’ “ ” … ‰ ※)
    cps.update(range(0x2100, 0x2200))    # letterlike, number forms (℃ № Ⅰ) arrows
    cps.update(range(0x2460, 0x2500))    # enclosed alphanumerics (① ⑴ ⒈)
    cps.update(range(0x25A0, 0x2600))    # geometric shapes (□ ■ ○ ● — □ is our placeholder)
    cps.update(range(0x3000, 0x3040))    # CJK symbols and punctuation
    cps.update(range(0x3200, 0x3300))    # enclosed CJK (㈠)
    cps.update(range(0xFE30, 0xFE50))    # CJK compatibility forms
    cps.update(range(0xFF00, 0xFFF0))    # half-width and full-width forms (￥ ，：)
    cps.update(ord(c) for c in gb2312_chars())
    cps.update(ord(c) for c in "¥￥元×÷")
    unicodes = ",".join("U+%04X" % c for c in sorted(cps))
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write(unicodes + "\n")
        listfile = f.name
    cmd = [
        "pyftsubset", SRC,
        "--font-number=%d" % FACE,
        "--unicodes-file=" + listfile,
        "--layout-features=",  # printpdf draws by cmap, no shaping: GSUB/GPOS unused
        "--no-hinting",
        "--name-IDs=*",
        "--name-languages=*",
        "--output-file=" + OUT,
    ]
    print(" ".join(cmd[:3] + ["--unicodes-file=<list>"] + cmd[4:]))
    try:
        subprocess.run(cmd, check=True)
    finally:
        os.unlink(listfile)
    print("%d code points requested" % len(cps))


if __name__ == "__main__":
    sys.exit(main())
