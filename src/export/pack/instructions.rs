//! The plain-language instructions that ride in every pack (`核验说明.txt`, `VERIFY.txt`).

// Instructions

/// Recomputes every chain excerpt event from manifest.json; prints `<seq> OK` or `<seq> MISMATCH`.
/// No double quotes and no `$`, so it can be quoted for sh, cmd and PowerShell alike.
macro_rules! chain_check_py {
    () => {
        "import hashlib,json;m=json.load(open('manifest.json',encoding='utf-8'));[print(e['seq'],'OK' if hashlib.sha256(bytes.fromhex(e['prev_sha256'])+e['body'].encode('utf-8')).hexdigest()==e['sha256'] else 'MISMATCH') for e in m['chain']]"
    };
}

#[cfg(test)]
pub(super) const CHAIN_CHECK_PY: &str = chain_check_py!();

/// Checks every line of SHA256SUMS in Windows PowerShell (5.1, built into Windows 10 and 11)
/// or PowerShell 7: reads the file as UTF-8 (so Chinese paths survive), hashes each listed
/// file and prints `OK` or `FAILED` with its path. `-eq` compares case-insensitively, as
/// `Get-FileHash` prints capitals. Not run here (no PowerShell on the build machine); the
/// cmdlets and parameters are PowerShell's documented ones.
macro_rules! sums_check_ps {
    () => {
        "Get-Content -Encoding UTF8 SHA256SUMS | ForEach-Object { $h, $p = $_ -split '  ', 2; if ((Get-FileHash -Algorithm SHA256 -LiteralPath $p).Hash -eq $h) { 'OK      ' + $p } else { 'FAILED  ' + $p } }"
    };
}

#[cfg(test)]
pub(super) const SUMS_CHECK_PS: &str = sums_check_ps!();

/// Stands in the instructions for the path of a file that is in the pack (see
/// [`verify_txt`]).
pub const EXAMPLE_PATH: &str = "{EXAMPLE_PATH}";

/// The instructions for a pack whose first exhibit is at `first_exhibit` (its path in the
/// pack, `exhibits/E001_…`), or for a pack without exhibits (`None`: the example is
/// `manifest.json`). Windows paths take backslashes.
#[must_use]
pub fn verify_txt(lang: crate::domain::Lang, first_exhibit: Option<&str>) -> String {
    let example = first_exhibit.map_or_else(
        || super::MANIFEST_PATH.to_string(),
        |p| p.replace('/', "\\"),
    );
    let template = match lang {
        crate::domain::Lang::Zh => VERIFY_TXT_ZH,
        crate::domain::Lang::En => VERIFY_TXT_EN,
    };
    template.replace(EXAMPLE_PATH, &example)
}

/// `核验说明.txt`. Starts with a UTF-8 byte-order mark so that older Windows editors do not
/// take the Chinese text for the local code page.
pub const VERIFY_TXT_ZH: &str = concat!(
    "\u{FEFF}",
    "CaseFile（债务案卷）证据包 核验说明\n",
    "==================================\n",
    "\n",
    "一、这是什么\n",
    "本压缩包由 CaseFile（债务案卷）从当事人自己电脑上的加密证据库中导出，交给律师或其他收件人查看和核对。包内有：\n",
    "  exhibits/        证据原件，按编号 E001、E002……排列，与当事人收入证据库时的文件逐字节相同；\n",
    "  证据材料 PDF      文件名以“证据材料”开头：封面、目录、阶段时间线、期限、联系记录、证据清单（每份证据的完整 SHA-256 值和时间）及证据本身；\n",
    "  manifest.json    机器可读的清单（见第四部分）；\n",
    "  SHA256SUMS       包内其他每个文件的 SHA-256 值，每行一个：64 位十六进制值、两个空格、文件在包内的路径；\n",
    "  核验说明.txt、VERIFY.txt  本说明（中文、英文）。\n",
    "\n",
    "SHA-256 相当于文件的“指纹”：文件内容哪怕只改动一个字节，算出的值就完全不同。核验，就是自己重新计算每个文件的 SHA-256，与 SHA256SUMS、证据材料 PDF 中记载的值比较。\n",
    "\n",
    "二、先解压\n",
    "把压缩包完整解压到一个新文件夹，不要改动其中的文件名和文件夹结构。\n",
    "\n",
    "三、核对每个文件\n",
    "Linux：在解压出的文件夹中打开终端，运行\n",
    "    sha256sum -c SHA256SUMS\n",
    "  每个文件后显示“成功”或“OK”即一致；显示“失败”或“FAILED”的文件已被改动或损坏，最后还会提示有几个文件不一致。\n",
    "macOS：打开“终端”，用 cd 命令进入该文件夹，运行\n",
    "    shasum -a 256 -c SHA256SUMS\n",
    "  结果的读法同上。\n",
    "Windows：在该文件夹中打开 PowerShell（在文件夹空白处按住 Shift 点右键，选“在此处打开 PowerShell 窗口”），粘贴下面一整行并回车，即可一次核对全部文件：\n",
    "    ",
    sums_check_ps!(),
    "\n",
    "  每个文件前显示 OK 即一致，显示 FAILED 的文件已被改动或损坏。\n",
    "  也可以逐个文件核对：在该文件夹中打开“命令提示符”，运行\n",
    "    certutil -hashfile 文件路径 SHA256\n",
    "  例如：certutil -hashfile {EXAMPLE_PATH} SHA256\n",
    "  把输出的那串字符，与 SHA256SUMS 中该文件那一行开头的 64 位字符逐一比较，应当完全相同（字母不分大小写；旧版 Windows 的输出中间夹有空格，忽略空格即可）。\n",
    "  或在 PowerShell 中运行\n",
    "    Get-FileHash -Algorithm SHA256 文件路径\n",
    "  输出中 Hash 一栏是大写字母，同样与 SHA256SUMS 中的值比较。\n",
    "  SHA256SUMS 是纯文本文件，可以用记事本等任何文本编辑器打开。\n",
    "\n",
    "四、manifest.json 里有什么\n",
    "  format、version：本格式的名称（casefile-pack）和版本；\n",
    "  created_at：导出的时间；\n",
    "  case：案件概要（债权人、金额、所处阶段等）；\n",
    "  exhibits：每份证据的编号、在包内的路径、原文件名、类型、大小（字节）、SHA-256、收入证据库的时间，以及记录这次收入的哈希链事件序号（chain_seq）；\n",
    "  chain：本案的哈希链摘录（见第五部分）；\n",
    "  pdf：证据材料 PDF 在包内的路径。\n",
    "\n",
    "五、哈希链摘录：任何人都可以复算\n",
    "当事人在证据库中的每一次操作（立案、收入证据、记录催收联系、阶段变化、更正、导出等）都依次记为哈希链上的一个“事件”。manifest.json 的 chain 部分列出本案的事件，每个事件有：\n",
    "  seq：在链中的序号；\n",
    "  body：事件内容，是一段 JSON 文本，按计算哈希时的原样保存，一个字符都不能改；\n",
    "  prev_sha256：前一个事件的哈希值（整条链的第一个事件为 64 个 0）；\n",
    "  sha256：本事件的哈希值。\n",
    "规则：sha256 = SHA-256（把 prev_sha256 从十六进制还原成 32 个字节，后面紧接 body 的 UTF-8 编码）。\n",
    "复算不需要本软件，任何能计算 SHA-256 的工具都可以。例如电脑上装有 Python 3 时，在解压出的文件夹中运行（Windows 上把 python3 换成 python）：\n",
    "    python3 -c \"",
    chain_check_py!(),
    "\"\n",
    "每个事件显示 OK 即一致，显示 MISMATCH 的事件被改动过。\n",
    "序号相连的两个事件，后一个的 prev_sha256 应当等于前一个的 sha256；摘录只含本案的事件，序号不相连的地方是证据库中其他案件的事件。\n",
    "每份证据的 SHA-256 都出现在它的 chain_seq 所指的 evidence_added（收入证据）事件中：这说明包内的文件就是当时收入证据库的那一份，之后没有被改动。\n",
    "\n",
    "六、发现不一致怎么办\n",
    "不要使用不一致的文件，请与当事人联系，请其重新导出证据包。\n",
    "装有 CaseFile 的电脑也可以运行 casefile verify-pack 证据包文件，一次完成以上全部检查；加密的证据包还需加上 --identity 密钥文件。\n",
);

/// `VERIFY.txt`.
pub const VERIFY_TXT_EN: &str = concat!(
    "CaseFile evidence pack: how to check it\n",
    "=======================================\n",
    "\n",
    "1. What this is\n",
    "This archive was exported by CaseFile (债务案卷) from the encrypted evidence vault the client keeps on their own computer, for a lawyer or another recipient to read and check. It holds:\n",
    "  exhibits/         the original evidence files, numbered E001, E002, ..., byte for byte as they were when the client added them to the vault;\n",
    "  the evidence PDF  its name starts with 证据材料 (\"evidence materials\"): cover, contents, stage timeline, deadlines, contact log, an evidence index with every file's full SHA-256 and times, and the evidence itself;\n",
    "  manifest.json     a machine-readable list (see part 4);\n",
    "  SHA256SUMS        the SHA-256 of every other file in the pack, one per line: 64 hexadecimal digits, two spaces, the file's path in the pack;\n",
    "  核验说明.txt, VERIFY.txt  these instructions (Chinese, English).\n",
    "\n",
    "A SHA-256 value is a fingerprint of a file: change a single byte and it comes out completely different. Checking the pack means computing each file's SHA-256 yourself and comparing it with SHA256SUMS and with the values printed in the evidence PDF.\n",
    "\n",
    "2. Extract first\n",
    "Extract the whole archive into a new folder, without renaming anything or moving files around.\n",
    "\n",
    "3. Check every file\n",
    "Linux: open a terminal in the extracted folder and run\n",
    "    sha256sum -c SHA256SUMS\n",
    "  Each file followed by OK is intact; a file marked FAILED was changed or damaged, and a warning at the end counts them.\n",
    "macOS: open Terminal, cd into the folder and run\n",
    "    shasum -a 256 -c SHA256SUMS\n",
    "  Read the result the same way.\n",
    "Windows: open PowerShell in the folder (Shift + right-click on an empty spot, \"Open PowerShell window here\"), paste this whole line and press Enter to check every file at once:\n",
    "    ",
    sums_check_ps!(),
    "\n",
    "  Each file printed with OK is intact; one printed with FAILED was changed or damaged.\n",
    "  To check one file at a time instead, open a Command Prompt in the folder and run\n",
    "    certutil -hashfile PATH SHA256\n",
    "  for example: certutil -hashfile {EXAMPLE_PATH} SHA256\n",
    "  Compare the output with the 64 characters at the start of that file's line in SHA256SUMS: they must be the same (upper or lower case does not matter; older Windows versions print spaces between the pairs, ignore them).\n",
    "  or, in PowerShell,\n",
    "    Get-FileHash -Algorithm SHA256 PATH\n",
    "  and compare its Hash column (printed in capitals) the same way.\n",
    "  SHA256SUMS is plain text: any text editor, Notepad included, opens it.\n",
    "\n",
    "4. What manifest.json holds\n",
    "  format, version: the name of this format (casefile-pack) and its version;\n",
    "  created_at: when the pack was exported;\n",
    "  case: a summary of the case (creditor, amounts, stage, ...);\n",
    "  exhibits: for each exhibit its number, path in the pack, original file name, kind, size in bytes, SHA-256, when it was added to the vault, and the position (chain_seq) of the hash-chain event that recorded its addition;\n",
    "  chain: an excerpt of the hash chain for this case (see part 5);\n",
    "  pdf: the path of the evidence PDF in the pack.\n",
    "\n",
    "5. The hash-chain excerpt: anyone can recompute it\n",
    "Everything the client does in the vault (opening a case, adding evidence, logging a collector's contact, a change of stage, a correction, an export) is appended, in order, as an event to a hash chain. The chain part of manifest.json lists this case's events, each with:\n",
    "  seq: its position in the chain;\n",
    "  body: the event's content, a JSON text kept exactly as it was hashed (not one character may change);\n",
    "  prev_sha256: the hash of the event before it (64 zeros for the very first event of the chain);\n",
    "  sha256: this event's hash.\n",
    "The rule: sha256 = SHA-256(prev_sha256 turned back from hexadecimal into its 32 bytes, immediately followed by the UTF-8 bytes of body).\n",
    "No CaseFile software is needed: any tool that computes SHA-256 will do. With Python 3, for example, run this in the extracted folder (on Windows, type python instead of python3):\n",
    "    python3 -c \"",
    chain_check_py!(),
    "\"\n",
    "Each event printed with OK is intact; one printed with MISMATCH was altered.\n",
    "Where two events have consecutive positions, the later one's prev_sha256 equals the earlier one's sha256; the excerpt holds only this case's events, so gaps in the positions are other cases' events in the vault.\n",
    "Every exhibit's SHA-256 appears in the evidence_added event at its chain_seq: the file in the pack is the one that was added to the vault then, unchanged since.\n",
    "\n",
    "6. If something does not match\n",
    "Do not rely on a file that does not match; contact the client and ask for a new export.\n",
    "Where CaseFile is installed, casefile verify-pack PACKFILE runs all of the checks above at once; add --identity KEYFILE for an encrypted pack.\n",
);
