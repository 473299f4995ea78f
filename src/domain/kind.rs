//! What a piece of evidence is, and the guess made from its content when the user does not say.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// 借款合同、协议
    Contract,
    /// 截图
    Screenshot,
    /// 通话录音、视频
    Recording,
    /// 短信
    Sms,
    /// 聊天记录
    Chat,
    /// 身份证明
    Id,
    /// 收入证明
    Income,
    /// 还款凭证
    Repayment,
    /// 通知、传票、文书
    Notice,
    Other,
}

impl EvidenceKind {
    pub const ALL: [EvidenceKind; 10] = [
        EvidenceKind::Contract,
        EvidenceKind::Screenshot,
        EvidenceKind::Recording,
        EvidenceKind::Sms,
        EvidenceKind::Chat,
        EvidenceKind::Id,
        EvidenceKind::Income,
        EvidenceKind::Repayment,
        EvidenceKind::Notice,
        EvidenceKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EvidenceKind::Contract => "contract",
            EvidenceKind::Screenshot => "screenshot",
            EvidenceKind::Recording => "recording",
            EvidenceKind::Sms => "sms",
            EvidenceKind::Chat => "chat",
            EvidenceKind::Id => "id",
            EvidenceKind::Income => "income",
            EvidenceKind::Repayment => "repayment",
            EvidenceKind::Notice => "notice",
            EvidenceKind::Other => "other",
        }
    }

    /// The name shown to a Chinese-speaking user.
    pub fn label_zh(self) -> &'static str {
        match self {
            EvidenceKind::Contract => "合同",
            EvidenceKind::Screenshot => "截图",
            EvidenceKind::Recording => "录音录像",
            EvidenceKind::Sms => "短信",
            EvidenceKind::Chat => "聊天记录",
            EvidenceKind::Id => "身份证明",
            EvidenceKind::Income => "收入证明",
            EvidenceKind::Repayment => "还款凭证",
            EvidenceKind::Notice => "通知文书",
            EvidenceKind::Other => "其他",
        }
    }

    /// A guess from the detected media type: pictures are usually screenshots, sound and video
    /// are call recordings, PDFs and office documents are usually the contract. The user can
    /// always say otherwise with `--kind`.
    pub fn guess(media_type: &str) -> EvidenceKind {
        let top = media_type.split('/').next().unwrap_or_default();
        match top {
            "image" => EvidenceKind::Screenshot,
            "audio" | "video" => EvidenceKind::Recording,
            _ if media_type == "application/pdf"
                || media_type.contains("wordprocessingml")
                || media_type == "application/msword"
                || media_type == "application/rtf" =>
            {
                EvidenceKind::Contract
            }
            _ => EvidenceKind::Other,
        }
    }
}

impl fmt::Display for EvidenceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EvidenceKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EvidenceKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<_> = EvidenceKind::ALL.iter().map(|k| k.as_str()).collect();
                format!(
                    "unknown evidence kind “{s}”; use one of {}",
                    names.join(", ")
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_names() {
        for k in EvidenceKind::ALL {
            assert_eq!(k.as_str().parse::<EvidenceKind>().unwrap(), k);
        }
        assert!("photo".parse::<EvidenceKind>().is_err());
    }

    #[test]
    fn guesses_from_media_type() {
        assert_eq!(EvidenceKind::guess("image/png"), EvidenceKind::Screenshot);
        assert_eq!(EvidenceKind::guess("audio/mpeg"), EvidenceKind::Recording);
        assert_eq!(EvidenceKind::guess("video/mp4"), EvidenceKind::Recording);
        assert_eq!(
            EvidenceKind::guess("application/pdf"),
            EvidenceKind::Contract
        );
        assert_eq!(
            EvidenceKind::guess("application/octet-stream"),
            EvidenceKind::Other
        );
    }
}
