//! The evidence PDF's fixed words: one declaration per phrase, in Chinese and English.
//!
//! Labels of domain values (stages, kinds, channels, flags, …) come from their named enums;
//! what is declared here is only what the document itself says: headings, column titles and
//! explanatory paragraphs. A phrase with `{}` is a template, filled in order by [`fill`].

use crate::domain::Lang;

crate::domain::named::named_enum! {
    /// A fixed word or sentence of the evidence PDF.
    pub Word, "PDF word", "pdfWord" {
        Case => "case", "案件", "Case";
        Lender => "lender", "出借人", "Lender";
        Platform => "platform", "借款平台", "Platform";
        ContractNumber => "contract_number", "合同编号", "Contract number";
        ContractPrincipal => "contract_principal", "合同本金", "Contract principal";
        AmountReceived => "amount_received", "实际到手金额", "Amount received";
        AmountClaimed => "amount_claimed", "对方主张欠款", "Amount claimed";
        CurrentStage => "current_stage", "当前阶段", "Current stage";
        CourtCaseNumber => "court_case_number", "法院案号", "Court case number";
        ExhibitCount => "exhibit_count", "证据数量", "Exhibits";
        ExportedAt => "exported_at", "导出时间", "Exported at";
        ChainHead => "chain_head", "哈希链头", "Chain head";
        Since => "since", "{}（{} 起）", "{} (since {})";
        Custody => "custody",
            "保管说明：每件证据在加入案卷的当时即计算 SHA-256 哈希值并记录加入时间，原件以加密方式（age，X25519）保存在当事人本人的电脑上，从未修改。每一次加入、记录和导出都写入一条只能追加的哈希链：每条事件包含前一条事件的哈希值，任何事后改动都会使链条对不上。本文件中的每个哈希值都可以按最后一页的方法独立核验。",
            "How this evidence was kept: each file was hashed (SHA-256) and its arrival time recorded the moment it was added, and the original is kept encrypted (age, X25519) on the person's own computer, never modified. Every addition, record and export is written to an append-only hash chain in which each event carries the hash of the one before, so any later change breaks the chain. Every hash in this document can be checked independently as described on the last page.";
        StagesAndDeadlines => "stages_and_deadlines", "一、阶段与期限", "1. Stages and deadlines";
        StageHistory => "stage_history", "阶段记录", "Stage history";
        NoStages => "no_stages", "尚未记录阶段变化。", "No stage changes recorded.";
        Date => "date", "日期", "Date";
        Stage => "stage", "阶段", "Stage";
        Note => "note", "说明", "Note";
        LegalDeadlines => "legal_deadlines", "法定期限", "Legal deadlines";
        NoDeadlines => "no_deadlines", "尚未记录会引起法定期限的事件。", "No events that start a legal deadline have been recorded.";
        Deadline => "deadline", "期限", "Deadline";
        Due => "due", "截止日期", "Due";
        CountsFrom => "counts_from", "起算事件", "Counts from";
        Basis => "basis", "依据", "Basis";
        Status => "status", "状态", "Status";
        Passed => "passed", "已届满", "Passed";
        DaysLeft => "days_left", "剩余 {} 天", "{} days left";
        ContactLog => "contact_log", "二、联系记录", "2. Contact log";
        NoContacts => "no_contacts", "尚未记录联系。", "No contacts recorded.";
        Time => "time", "时间", "Time";
        Channel => "channel", "方式", "Channel";
        Direction => "direction", "方向", "Direction";
        Who => "who", "对方", "Who";
        ClaimedRole => "claimed_role", "自称身份", "Claimed role";
        Summary => "summary", "内容摘要", "Summary";
        Flags => "flags", "违规标记", "Flags";
        Exhibits => "exhibits", "证据", "Exhibits";
        Quote => "quote", "「{}」", " “{}”";
        ListSeparator => "list_separator", "、", ", ";
        Semicolon => "semicolon", "；", "; ";
        Violations => "violations", "违规催收汇总", "Collection violations";
        NoViolations => "no_violations", "联系记录中未发现违规。", "No violations found in the contact log.";
        Violation => "violation", "违规类型", "Violation";
        Count => "count", "次数", "Count";
        WhatHappened => "what_happened", "违规情形", "What happened";
        WithKind => "with_kind", "{}（{}）", "{} ({})";
        WhereToComplain => "where_to_complain", "投诉渠道：", "Where to complain: ";
        EvidenceIndex => "evidence_index", "三、证据清单（技术信息）", "3. Evidence hashes";
        NoEvidence => "no_evidence", "本案卷尚无证据。", "This case has no evidence yet.";
        Number => "number", "编号", "No.";
        Kind => "kind", "类型", "Kind";
        OriginalName => "original_name", "原文件名", "Original file name";
        Size => "size", "大小", "Size";
        Added => "added", "加入时间", "Added";
        FileOrCaptureTime => "file_or_capture_time", "文件时间 / 拍摄时间", "File / camera time";
        Remark => "remark", "备注", "Note";
        Taken => "taken", "拍摄 {}", "taken {}";
        TimeRecorded => "time_recorded", "相机记录的时间 {}", "time recorded by the camera {}";
        Camera => "camera", "相机", "Camera";
        EstimatedDuration => "estimated_duration",
            "约 {}（估算：文件头未写完，按文件中已有的数据计算）",
            "about {} (estimated: the file's header was never finished; worked out from the data present)";
        FileTime => "file_time", "文件 {}", "file {}";
        ExhibitsTitle => "exhibits_title", "四、证据内容", "4. Exhibits";
        RemarkLine => "remark_line", "备注：{}", "Note: {}";
        Duration => "duration", "时长", "Duration";
        Format => "format", "格式", "Format";
        DurationUnreadable => "duration_unreadable", "未知（未能读取，请播放原件）", "unknown (not readable: play the original)";
        RecordingNote => "recording_note",
            "录音录像无法印在纸上。原件作为附件嵌入本文件（或见证据包），可用上述 SHA-256 核验其未被改动。文字记录或要点如下：",
            "A recording cannot be printed. The original is embedded in this file as an attachment (or is in the evidence pack) and can be checked against the SHA-256 above. The transcript or notes:";
        NoTranscript => "no_transcript", "（当事人未填写文字记录）", "(no transcript written)";
        NotShown => "not_shown",
            "此类文件（{}）无法直接显示，原件见附件或证据包。",
            "A file of this type ({}) cannot be shown; the original is attached and in the evidence pack.";
        TextEncoding => "text_encoding", "文本编码", "Text encoding";
        EncodingDetected => "encoding_detected", "{}（自动识别）", "{} (detected)";
        TextCutAttached => "text_cut_attached",
            "文件较长，这里只印出开头 {} 个字符；完整文件（{}）已附在本 PDF 中。",
            "The file is long: only its first {} characters are printed here; the whole file ({}) is attached to this PDF.";
        TextCutInPack => "text_cut_in_pack",
            "文件较长，这里只印出开头 {} 个字符；完整文件（{}）在证据包中。",
            "The file is long: only its first {} characters are printed here; the whole file ({}) is in the evidence pack.";
        EmptyText => "empty_text", "（空文件）", "(empty file)";
        HowToVerify => "how_to_verify", "五、核验方法", "5. How to verify";
        VerifyAttached => "verify_attached",
            "每件证据的原件都作为附件嵌入本 PDF（在阅读器的“附件”栏中可见），也可在证据包的 exhibits 目录中找到。把原件保存到电脑后，按下列方法计算其 SHA-256，与证据清单（技术信息）中的值逐字比对；完全一致即说明文件自加入案卷以来未被改动。",
            "Every original is embedded in this PDF as an attachment (see the reader's attachments panel) and is also in the evidence pack's exhibits folder. Save it to a computer, compute its SHA-256 as below and compare it character by character with the evidence hashes: if they are identical, the file has not changed since it was added.";
        VerifyInPack => "verify_in_pack",
            "每件证据的原件在证据包的 exhibits 目录中。按下列方法计算其 SHA-256，与证据清单（技术信息）中的值逐字比对；完全一致即说明文件自加入案卷以来未被改动。",
            "Every original is in the evidence pack's exhibits folder. Compute its SHA-256 as below and compare it character by character with the evidence hashes: if they are identical, the file has not changed since it was added.";
        System => "system", "系统", "System";
        Command => "command", "命令", "Command";
        WindowsCmd => "windows_cmd", "Windows（命令提示符）", "Windows (Command Prompt)";
        WindowsCmdLine => "windows_cmd_line", "certutil -hashfile 文件名 SHA256", "certutil -hashfile FILE SHA256";
        WindowsPs => "windows_ps", "Windows（PowerShell）", "Windows (PowerShell)";
        WindowsPsLine => "windows_ps_line", "Get-FileHash -Algorithm SHA256 文件名", "Get-FileHash -Algorithm SHA256 FILE";
        MacOs => "mac_os", "macOS（终端）", "macOS (Terminal)";
        MacOsLine => "mac_os_line", "shasum -a 256 文件名", "shasum -a 256 FILE";
        Linux => "linux", "Linux（终端）", "Linux (Terminal)";
        LinuxLine => "linux_line", "sha256sum 文件名", "sha256sum FILE";
        SumsAndChain => "sums_and_chain",
            "证据包中的 SHA256SUMS 文件可一次核验全部文件：Linux 用 sha256sum -c SHA256SUMS，macOS 用 shasum -a 256 -c SHA256SUMS。manifest.json 中的哈希链摘录列出本案每条事件的内容和哈希值，任何人都可以按“前一哈希值 + 事件内容”重新计算 SHA-256 进行核对。",
            "The pack's SHA256SUMS file checks every file at once: sha256sum -c SHA256SUMS on Linux, shasum -a 256 -c SHA256SUMS on macOS. manifest.json holds this case's excerpt of the hash chain: anyone can recompute each event's SHA-256 from the previous hash and the event's content.";
        Sha256 => "sha256", "SHA-256", "SHA-256";
        TrustedTimestamp => "trusted_timestamp", "可信时间戳", "Trusted timestamp";
        StampedAfter => "stamped_after", "{}，{}（入库后 {} 分钟）", "{}, {} ({} min after it was added)";
        StampedBeforeAdded => "stamped_before_added",
            "{}，{}（早于本机记录的入库时间：这台电脑的时钟可能不准）",
            "{}, {} (earlier than the arrival time this computer recorded: its clock may be wrong)";
        TimestampsTitle => "timestamps_title", "六、可信时间戳", "6. Trusted timestamps";
        TimestampsExplained => "timestamps_explained",
            "标有“可信时间戳”的证据，其 SHA-256 哈希值已由独立的时间戳服务机构按 RFC 3161 标准签名确认：该服务在所示时间（genTime，由服务机构的时钟给出，而不是当事人的电脑）收到了包含该哈希值的指纹。这证明文件在该时间之前已经存在且此后未被改动；它不证明文件内容本身真实。为节省费用，同一批的多件证据合成一个默克尔树（Merkle tree），只把 32 字节的根哈希发送给服务机构，证据文件和其他信息从未离开当事人的电脑；每件证据附有一份“包含证明”，可由它的哈希值逐步算出被签名的根哈希，且不泄露同批其他证据的任何信息。",
            "An exhibit marked “trusted timestamp” has had its SHA-256 confirmed by an independent timestamp authority under RFC 3161: the authority signed that, at the time shown (genTime, from the authority's clock, not the person's computer), it received a fingerprint that contains this hash. This proves the file existed by that time and has not changed since; it does not prove that what the file shows is true. To keep the cost down, the exhibits of one batch are combined in a Merkle tree and only its 32-byte root is sent to the authority; no evidence file or other information ever left the person's computer. Each exhibit has an inclusion proof that leads from its hash to the signed root step by step and reveals nothing about the other items of the batch.";
        TimestampsHowToCheck => "timestamps_how_to_check",
            "核验方法：证据包的 timestamps 目录里有每批的时间戳回执（.tsr）、服务机构的证书和每件证据的包含证明（proofs 目录，JSON）。(1) 用 timestamps/README.txt 中的几行 Python 代码由证据的 SHA-256 和包含证明算出根哈希；(2) 用 OpenSSL 核验回执：openssl ts -verify -digest <根哈希> -in <批次>.tsr -CAfile <批次>-ca.pem -untrusted <批次>-tsa.pem，显示 “Verification: OK” 即通过；(3) 把 <批次>-ca.pem 的指纹与服务机构公布的根证书核对。",
            "How to check: the pack's timestamps folder holds each batch's timestamp reply (.tsr), the authority's certificates and each exhibit's inclusion proof (proofs folder, JSON). (1) Fold an exhibit's SHA-256 and its proof into the root with the few lines of Python in timestamps/README.txt; (2) check the reply with OpenSSL: openssl ts -verify -digest <root> -in <batch>.tsr -CAfile <batch>-ca.pem -untrusted <batch>-tsa.pem, which prints “Verification: OK”; (3) compare the fingerprint of <batch>-ca.pem with the root certificate the authority publishes.";
        Batch => "batch", "批次", "Batch";
        Service => "service", "服务机构", "Authority";
        GenTime => "gen_time", "时间（genTime）", "Time (genTime)";
        Root => "root", "根哈希", "Root";
        NotStamped => "not_stamped", "未加盖", "not stamped";
        DocumentTitle => "document_title", "证据材料 · {}", "Evidence · {}";
        Catalogue => "catalogue", "证据目录", "Index of evidence";
        CatalogueNote => "catalogue_note",
            "按《最高人民法院关于民事诉讼证据的若干规定》第十九条分类编号。页码为本文件中的页码；E 编号与联系记录、证据包中的编号一致。标“建议”的证明目的由本软件按证据类型和联系记录的标记生成，提交前请核对、修改。",
            "Numbered by category as the Supreme People's Court's rules on evidence in civil cases (art. 19) ask. Pages are pages of this file; E-numbers are those of the contact log and the evidence pack. A purpose marked “suggested” was written by this app from the item's kind and the contact log's flags: check and edit it before submitting.";
        SerialNo => "serial_no", "序号", "No.";
        EvidenceName => "evidence_name", "证据名称", "Evidence";
        EvidenceOrigin => "evidence_origin", "证据来源", "Source";
        Purpose => "purpose", "证明目的", "What it proves";
        Pages => "pages", "页码", "Pages";
        Suggested => "suggested", "（建议）{}", "(suggested) {}";
        GroupLabel => "group_label", "证据{}", "Group {}";
        GroupContracts => "group_contracts", "合同与借款记录", "Contracts and loan records";
        GroupRepayments => "group_repayments", "还款记录", "Repayments";
        GroupRecordings => "group_recordings", "录音录像", "Recordings";
        GroupMessages => "group_messages", "截图与消息", "Screenshots and messages";
        GroupPhotos => "group_photos", "照片", "Photos";
        GroupOther => "group_other", "其他材料", "Other documents";
        ExhibitHeading => "exhibit_heading", "{} 证据{} {}", "{} Exhibit {} {}";
        OriginRecording => "origin_recording", "录音录像文件（{}）", "recording file ({})";
        OriginCamera => "origin_camera", "照片，EXIF 记录的拍摄设备：{}", "photo; camera named in its EXIF: {}";
        OriginScreenshot => "origin_screenshot", "截图（{}）", "screenshot ({})";
        OriginPicture => "origin_picture", "图片文件（{}）", "picture file ({})";
        OriginPdf => "origin_pdf", "PDF 文件", "PDF document";
        OriginFile => "origin_file", "导入的文件（{}）", "imported file ({})";
        OriginLinked => "origin_linked", "联系记录：{}", "contact log: {}";
        Submitter => "submitter", "提交人（签名）：", "Submitted by (signature):";
        SignedOn => "signed_on", "日期：", "Date:";
        LogCalls => "log_calls", "来电", "Calls from them";
        LogCallsValue => "log_calls_value",
            "{} 次（按呼叫次数计）：接通 {} 次，未接通 {} 次",
            "{} (each attempt counted): {} answered, {} not answered";
        LogMessages => "log_messages", "短信、微信等消息", "Messages from them";
        LogOther => "log_other", "信件、上门等", "Letters, visits, other";
        LogPeriod => "log_period", "时间范围", "Period";
        LogPeriodValue => "log_period_value",
            "{} 至 {}，共 {} 天，其中 {} 天有联系",
            "{} to {}: {} days, with contacts on {} of them";
        LogNight => "log_night", "夜间（22:00–08:00）", "At night (22:00–08:00)";
        LogOutgoing => "log_outgoing", "我方联系对方", "Contacts I made";
        LogUnknownDirection => "log_unknown_direction", "方向不明", "Direction unknown";
        LogOfficial => "log_official", "法院、调解组织的联系（不属催收）", "From the court or mediation body (not collection)";
        Times => "times", "{} 次", "{}";
        LogCountsNote => "log_counts_note",
            "以上为对方联系我的次数（不含本案法院、调解组织的联系）：电话按呼叫次数计，一条记录可代表连续多次未接来电；夜间按当地时间计。",
            "The counts above are contacts from them (not the case's court or mediation body): calls count each attempt, as one entry may stand for a run of missed calls; night is local time.";
        ColDirection => "col_direction", "方向", "In/out";
        ColCalls => "col_calls", "呼叫", "Calls";
        DirIn => "dir_in", "呼入", "in";
        DirOut => "dir_out", "呼出", "out";
        DirUnknown => "dir_unknown", "不明", "unknown";
        CallAnswered => "call_answered", "接通", "answered";
        CallsAnswered => "calls_answered", "{} 次，接通", "{}, answered";
        CallsMissed => "calls_missed", "{} 次未接通", "{} missed";
        CallsUnknown => "calls_unknown", "{} 次", "{} calls";
        ClaimedAs => "claimed_as", "{}（自称{}）", "{} (says: {})";
        ChartDaily => "chart_daily", "每日联系次数（对方联系我）", "Contacts per day (from them)";
        ChartGrouped => "chart_grouped",
            "每 {} 天联系次数（对方联系我；按周一至周日汇总，柱下日期为该段第一天）",
            "Contacts per {} days (from them; Monday to Sunday, the date under a bar is its first day)";
        ChartAxis => "chart_axis", "次数", "contacts";
        ChartBar => "chart_bar", "对方联系次数（电话按呼叫次数计，含消息）", "contacts from them (calls by attempt, messages included)";
        ChartNight => "chart_night", "其中夜间 22:00–08:00 的联系", "of which at night, 22:00–08:00";
        ChartMark => "chart_mark", "当天有“{}”或“{}”标记", "a \"{}\" or \"{}\" flag that day";
        LimitShort => "limit_short", "上限 {}", "limit {}";
        LimitAnswered => "limit_answered",
            "每日接通电话上限 {} 次（同一贷款机构及其委托的催收机构合计；柱含未接通呼叫和消息，超过此线不等于违规，违规见标记）：{}",
            "at most {} connected calls a day (one lender and its agencies together; the bars also count missed calls and messages, so a bar above the line is not itself a violation: see the flags): {}";
        LimitUnanswered => "limit_unanswered",
            "同一号码每日未接通呼叫上限 {} 次（按每个号码分别计算）：{}",
            "at most {} unanswered attempts a day to the same number (counted per number): {}";
        LimitsWeekly => "limits_weekly", "按周汇总时不画每日上限线。", "Daily limits are not drawn on weekly bars.";
        RuleHeading => "rule_heading", "{}（{} 次）", "{} ({})";
        BasisLine => "basis_line", "依据：{}", "Basis: {}";
        CallMissed => "call_missed", "未接通", "missed";
        ChartWeekly => "chart_weekly",
            "每周联系次数（对方联系我；周一至周日，柱下日期为周一）",
            "Contacts per week (from them; Monday to Sunday, the date under a bar is the Monday)";
        CaseSummary => "case_summary", "案件概要", "Case summary";
        NotRecorded => "not_recorded", "未记录", "not recorded";
        LenderKind => "lender_kind", "出借人类型", "Lender type";
        LoanDate => "loan_date", "借款日期", "Loan date";
        OverdueSince => "overdue_since", "逾期日期", "Overdue since";
        Court => "court", "法院及案号", "Court and case number";
        Parties => "parties", "当事人及相关方", "Parties";
        Role => "role", "身份", "Role";
        Name => "name", "名称", "Name";
        Phones => "phones", "电话", "Phone numbers";
        CaseOrNoticeNumber => "case_or_notice_number", "案号 / 通知编号", "Case or notice number";
        NoParties => "no_parties", "尚未记录当事人或相关方。", "No parties recorded.";
        LoanAndRate => "loan_and_rate", "借款金额与利率", "Loan figures and interest";
        ClaimedPrincipal => "claimed_principal", "本金 {}", "principal {}";
        ClaimedInterest => "claimed_interest", "利息 {}", "interest {}";
        ClaimedPenalties => "claimed_penalties", "罚息 {}", "penalties {}";
        ClaimedFees => "claimed_fees", "费用 {}", "fees {}";
        ClaimedBy => "claimed_by", "主张方：{}", "claimed by {}";
        ClaimedOn => "claimed_on", "主张日期：{}", "on {}";
        StatedRate => "stated_rate", "合同约定年利率", "Annual rate stated in the contract";
        Percent => "percent", "{}%", "{}%";
        StatedFees => "stated_fees", "合同约定费用", "Fees stated in the contract";
        Term => "term", "借款期限", "Term";
        TermMonths => "term_months", "{} 个月", "{} months";
        ContractSchedule => "contract_schedule", "合同约定还款安排", "Repayment schedule in the contract";
        UpfrontDeduction => "upfront_deduction", "预先扣除的金额（合同本金 − 实际到手）", "Deducted up front (principal − amount received)";
        RealRate => "real_rate", "真实年化利率（XIRR，按实际现金流）", "Real annual rate (XIRR, from the actual cash flows)";
        RealRateValue => "real_rate_value", "{}%（按 {} 笔现金流计算）", "{}% (from {} cash flows)";
        RateMissing => "rate_missing", "未计算：缺少{}", "not computed: {} not recorded";
        MissingLoanDate => "missing_loan_date", "借款日期", "the loan date";
        MissingReceived => "missing_received", "实际到手金额", "the amount received";
        MissingPayments => "missing_payments", "还款记录", "the payments";
        RateNotComputed => "rate_not_computed",
            "未计算：已记录的现金流算不出年化利率（请核对借款日期、到手金额和还款记录）",
            "not computed: no annual rate balances the recorded cash flows (check the loan date, the amount received and the payments)";
        RateLinesFor => "rate_lines_for", "适用于该出借人类型（{}）的利率线", "Interest lines for this lender type ({})";
        NoRateLine => "no_rate_line", "没有适用于该出借人类型的利率线。", "No interest line applies to this lender type.";
        Line => "line", "利率线", "Line";
        Limit => "limit", "上限", "Limit";
        LprLimit => "lpr_limit", "{}%（合同成立时一年期LPR {}%，{} 起执行）", "{}% (one-year LPR {}% in force from {})";
        Above => "above", "真实利率是否超过", "Real rate above it";
        RuleKind => "rule_kind", "性质", "Kind";
        Source => "source", "来源", "Source";
        Yes => "yes", "是", "yes";
        No => "no", "否", "no";
        Repayments => "repayments", "还款记录（借还款流水）", "Repayments on the loan";
        NoRepayments => "no_repayments", "尚未记录还款。", "No repayments recorded.";
        Amount => "amount", "金额", "Amount";
        Paid => "paid", "已还", "paid";
        ScheduledUnpaid => "scheduled_unpaid", "合同约定应还（未记录已付）", "scheduled by the contract (not recorded as paid)";
        PaidTotal => "paid_total", "已还合计：{}", "Paid in total: {}";
        AgreementTitle => "agreement_title", "还款协议 {}", "Repayment agreement {}";
        AgreementSigned => "agreement_signed", "签订日期", "Signed on";
        AgreementEffective => "agreement_effective", "生效日期", "Takes effect on";
        AgreementTotal => "agreement_total", "协议总额", "Total";
        Installments => "installments", "分期安排", "Instalments";
        InstallmentRun => "installment_run", "{} 期，每期 {}，{} 起每月", "{} instalments of {}, monthly from {}";
        InstallmentOne => "installment_one", "{}：{}", "{}: {}";
        AgreementPaid => "agreement_paid", "已付", "Paid";
        AgreementRemaining => "agreement_remaining", "尚余", "Remaining";
        NextInstallment => "next_installment", "下一期", "Next instalment";
        InstallmentsOverdue => "installments_overdue", "逾期未付期数", "Instalments overdue";
        Terms => "terms", "协议条款", "Terms";
        AgreementPayments => "agreement_payments", "按协议付款", "Payments on the agreement";
        NoAgreementPayments => "no_agreement_payments", "尚未记录按协议付款。", "No payment on the agreement recorded.";
        MediationChecks => "mediation_checks", "调解机构核实记录", "Checks on the mediation organisation";
        Organisation => "organisation", "机构", "Organisation";
        NoticeNumber => "notice_number", "通知编号 {}", "notice no. {}";
        CheckKind => "check_kind", "核实方式", "Check";
        CheckResult => "check_result", "结果", "Result";
        RedFlags => "red_flags", "疑点", "Red flags";
        RedFlagsSeen => "red_flags_seen",
            "核实中发现的疑点（正规调解不会这样做）：{}",
            "Red flags found in the checks (real mediation does not do this): {}";
        RecordingOriginal => "recording_original",
            "录音录像无法印在纸上。原件作为附件嵌入本文件（或见证据包），可用上述 SHA-256 核验其未被改动。",
            "A recording cannot be printed. The original is embedded in this file as an attachment (or is in the evidence pack) and can be checked against the SHA-256 above.";
        SupportsContacts => "supports_contacts", "这段录音所证明的联系", "Contacts this recording supports";
        NoSupportedContacts => "no_supported_contacts", "联系记录中没有引用这段录音。", "No contact in the log refers to this recording.";
        TranscriptHeading => "transcript_heading", "录音文字整理稿", "Transcript";
        TranscriptByUser => "transcript_by_user",
            "以下文字由当事人本人听录音后输入或粘贴整理，不是机器转写；与录音不一致之处以录音原件为准。",
            "Typed or pasted by the person after listening to the recording, not a machine transcription; where it differs from the recording, the original recording prevails.";
        TranscriptNone => "transcript_none", "（未整理）", "(not written)";
    }
}

impl Word {
    /// The phrase in `lang`, as an owned string (what the document model holds).
    pub fn get(self, lang: Lang) -> String {
        self.label(lang).to_string()
    }

    /// The template in `lang` with its `{}` filled by `args`, in order.
    pub fn fill(self, lang: Lang, args: &[&str]) -> String {
        fill(self.label(lang), args)
    }
}

/// Replaces each `{}` of `template` by the next of `args` (missing ones stay empty).
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out =
        String::with_capacity(template.len() + args.iter().map(|a| a.len()).sum::<usize>());
    let mut args = args.iter();
    let mut rest = template;
    while let Some(at) = rest.find("{}") {
        out.push_str(&rest[..at]);
        out.push_str(args.next().copied().unwrap_or_default());
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_han(c: char) -> bool {
        matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
    }

    #[test]
    fn english_words_have_no_han_characters() {
        for w in Word::ALL {
            let en = w.label_en();
            assert!(!en.chars().any(is_han), "{}: {en}", w.as_str());
            assert_eq!(
                en.matches("{}").count(),
                w.label_zh().matches("{}").count(),
                "{}: both languages take the same arguments",
                w.as_str()
            );
        }
    }

    #[test]
    fn templates_fill_in_order() {
        assert_eq!(
            Word::Since.fill(Lang::En, &["litigation", "2026-01-02"]),
            "litigation (since 2026-01-02)"
        );
        assert_eq!(fill("{} and {}", &["a"]), "a and ");
    }
}
