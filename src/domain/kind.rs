//! What a piece of evidence is, and the guess made from its content when the user does not say.

super::named::named_enum! {
    /// What a piece of evidence is.
    pub EvidenceKind, "evidence kind", "evidenceKind" {
        /// 借款合同、协议
        Contract => "contract", "合同", "contract";
        Screenshot => "screenshot", "截图", "screenshot";
        /// 相机拍摄的照片（EXIF 中有相机厂商或型号）
        Photo => "photo", "照片", "photo";
        /// 通话录音、视频
        Recording => "recording", "录音录像", "recording";
        Sms => "sms", "短信", "SMS";
        Chat => "chat", "聊天记录", "chat log";
        Id => "id", "身份证明", "proof of identity";
        Income => "income", "收入证明", "proof of income";
        Repayment => "repayment", "还款凭证", "repayment receipt";
        /// 通知、传票、文书
        Notice => "notice", "通知文书", "notice or court document";
        Other => "other", "其他", "other";
    }
}

impl EvidenceKind {
    /// A guess from the detected media type: a picture whose EXIF names the camera
    /// (`from_camera`) is a photo, other pictures are usually screenshots, sound and video are
    /// call recordings, PDFs and office documents are usually the contract. The user can
    /// always say otherwise with `--kind`.
    pub fn guess(media_type: &str, from_camera: bool) -> EvidenceKind {
        let top = media_type.split('/').next().unwrap_or_default();
        match top {
            "image" if from_camera => EvidenceKind::Photo,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_names() {
        for k in EvidenceKind::ALL {
            assert_eq!(k.as_str().parse::<EvidenceKind>().unwrap(), k);
        }
        assert!("picture".parse::<EvidenceKind>().is_err());
    }

    #[test]
    fn guesses_from_media_type() {
        assert_eq!(
            EvidenceKind::guess("image/png", false),
            EvidenceKind::Screenshot
        );
        assert_eq!(EvidenceKind::guess("image/jpeg", true), EvidenceKind::Photo);
        assert_eq!(EvidenceKind::guess("image/heic", true), EvidenceKind::Photo);
        for audio in [
            "audio/mpeg",
            "audio/amr",
            "audio/amr-wb",
            "audio/3gpp",
            "audio/silk",
        ] {
            assert_eq!(EvidenceKind::guess(audio, false), EvidenceKind::Recording);
        }
        assert_eq!(
            EvidenceKind::guess("video/mp4", false),
            EvidenceKind::Recording
        );
        assert_eq!(
            EvidenceKind::guess("application/pdf", false),
            EvidenceKind::Contract
        );
        assert_eq!(
            EvidenceKind::guess("application/octet-stream", true),
            EvidenceKind::Other
        );
    }
}
