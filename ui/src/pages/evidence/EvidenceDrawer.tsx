//! One evidence item: preview, the facts that make it evidence (fingerprint, times, chain
//! position), kind, note, 证明目的 and 录音文字整理稿 (edited as a recorded correction) and the
//! contacts that cite it.

import { CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Drawer, Image, Input, List, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { core, errorText, EVIDENCE_KINDS, evidenceUrl } from '../../platform';
import type { CheckedContact, Evidence, EvidenceKind, EvidenceStamp, FlagCode } from '../../platform';
import Duration from './Duration';
import { groupDigits, humanSize, isRecording, PREVIEW_LIMIT_BYTES, previewKind } from './logic';
import MediaPlayer from './MediaPlayer';
import PdfPreview from './PdfPreview';
import { StampBadge } from './Stamp';

/** "2026-11-29T21:40:05" (EXIF local time, no zone) → "2026-11-29 21:40". */
function exifTime(value: string): string {
  const m = /^(\d{4})[-:](\d{2})[-:](\d{2})[T ](\d{2}):(\d{2})/.exec(value);
  return m ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}` : value;
}

function Preview({ item }: { item: Evidence }) {
  const { t } = useTranslation(['evidence', 'enums']);
  const kind = previewKind(item.media_type);
  if (kind === 'none') return <Alert type="info" showIcon title={t('drawer.noPreview')} />;
  if (kind !== 'image' && item.size > PREVIEW_LIMIT_BYTES) return <Alert type="info" showIcon title={t('drawer.tooLarge')} />;
  if (kind === 'image') {
    return (
      <div data-testid="evidence-image">
        <Image src={evidenceUrl(item.id)} alt={item.name} style={{ maxHeight: 420, objectFit: 'contain' }} />
        <div>
          <Typography.Text type="secondary">{t('drawer.imageZoom')}</Typography.Text>
        </div>
      </div>
    );
  }
  if (kind === 'pdf') return <PdfPreview evidenceId={item.id} />;
  return <MediaPlayer item={item} kind={kind} />;
}

export interface AnnotateFormProps {
  item: Evidence;
  /** Flags of the contacts that cite the item: the suggested 证明目的 names them. */
  flags?: FlagCode[];
  onSaved: (item: Evidence) => void;
}

/** The 证明目的 the export would suggest for `kind` and `flags`, in the interface's language. */
function usePurposeSuggestion(kind: EvidenceKind, flags: FlagCode[]): string | null {
  const { i18n } = useTranslation();
  const [both, setBoth] = useState<{ zh: string; en: string } | null>(null);
  const key = flags.join(',');
  useEffect(() => {
    let gone = false;
    core
      .evidencePurposeSuggestion(kind, key === '' ? [] : (key.split(',') as FlagCode[]))
      .then((s) => {
        if (!gone) setBoth(s);
      })
      .catch(() => {
        if (!gone) setBoth(null);
      });
    return () => {
      gone = true;
    };
  }, [kind, key]);
  if (!both) return null;
  return i18n.language.startsWith('zh') ? both.zh : both.en;
}

/** The most characters a transcript keeps (the core's `MAX_TRANSCRIPT_CHARS`). */
export const MAX_TRANSCRIPT_CHARS = 60_000;

/** Characters as the core counts them (code points, so 𠮷 is one). */
function charCount(text: string): number {
  return Array.from(text).length;
}

/** Kind, note, 证明目的 and 录音文字整理稿; saving records a correction on the chain. */
export function AnnotateForm({ item, flags = [], onSaved }: AnnotateFormProps) {
  const { t } = useTranslation(['evidence', 'enums']);
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const [kind, setKind] = useState<EvidenceKind>(item.kind);
  const [note, setNote] = useState(item.note ?? '');
  const [purpose, setPurpose] = useState(item.purpose ?? '');
  const [transcript, setTranscript] = useState(item.transcript ?? '');
  const [saving, setSaving] = useState(false);
  const suggestion = usePurposeSuggestion(kind, flags);
  const transcriptChars = charCount(transcript.trim());
  const tooLong = transcriptChars > MAX_TRANSCRIPT_CHARS;
  const changed =
    kind !== item.kind ||
    note.trim() !== (item.note ?? '').trim() ||
    purpose.trim() !== (item.purpose ?? '').trim() ||
    transcript.trim() !== (item.transcript ?? '').trim();

  const save = async () => {
    if (!changed) {
      void message.info(t('drawer.unchanged'));
      return;
    }
    setSaving(true);
    try {
      const trimmed = note.trim();
      const aim = purpose.trim();
      const text = transcript.trim();
      const updated = await core.evidenceAnnotate(
        item.id,
        kind,
        trimmed === '' ? null : trimmed,
        aim === '' ? null : aim,
        text === '' ? null : text,
      );
      void message.success(t('drawer.saved'));
      onSaved(updated);
    } catch (e) {
      void message.error(errorText(e, tc), 6);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <label>
          <div>{t('drawer.kind')}</div>
          <Select
            data-testid="evidence-kind"
            value={kind}
            onChange={setKind}
            style={{ width: 220 }}
            options={EVIDENCE_KINDS.map((k) => ({ value: k, label: t(`enums:evidenceKind.${k}`) }))}
          />
        </label>
        <label>
          <div>{t('drawer.note')}</div>
          <Input.TextArea
            data-testid="evidence-note"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={2000}
            placeholder={t('drawer.notePlaceholder')}
          />
        </label>
        <label>
          <div>{t('drawer.purpose')}</div>
          <Input.TextArea
            data-testid="evidence-purpose"
            value={purpose}
            onChange={(e) => setPurpose(e.target.value)}
            autoSize={{ minRows: 2, maxRows: 4 }}
            maxLength={500}
            placeholder={suggestion ? t('drawer.purposeSuggested', { text: suggestion }) : undefined}
          />
        </label>
        {purpose.trim() === '' && suggestion && (
          <Space wrap>
            <Typography.Text type="secondary" data-testid="evidence-purpose-suggestion">
              {t('drawer.purposeSuggested', { text: suggestion })}
            </Typography.Text>
            <Button size="small" data-testid="evidence-purpose-use" onClick={() => setPurpose(suggestion)}>
              {t('drawer.purposeUse')}
            </Button>
          </Space>
        )}
        <label>
          <div>{t('drawer.transcript')}</div>
          <Input.TextArea
            data-testid="evidence-transcript"
            value={transcript}
            onChange={(e) => setTranscript(e.target.value)}
            autoSize={{ minRows: isRecording(item.media_type) ? 6 : 3, maxRows: 20 }}
            placeholder={t('drawer.transcriptPlaceholder')}
            status={tooLong ? 'error' : undefined}
          />
        </label>
        <Typography.Text type="secondary">{t('drawer.transcriptHelp')}</Typography.Text>
        {tooLong && (
          <Alert
            type="error"
            showIcon
            data-testid="evidence-transcript-too-long"
            title={t('drawer.transcriptTooLong', { count: transcriptChars, max: MAX_TRANSCRIPT_CHARS })}
          />
        )}
        <Typography.Text type="secondary">{t('drawer.annotateHint')}</Typography.Text>
        <Button
          type="primary"
          htmlType="submit"
          loading={saving}
          disabled={!changed || tooLong}
          data-testid="evidence-annotate-save"
        >
          {t('drawer.save')}
        </Button>
      </Space>
    </form>
  );
}

export default function EvidenceDrawer({
  item,
  contacts,
  stamp,
  stamping = false,
  onClose,
  onSaved,
}: {
  item: Evidence | null;
  contacts: CheckedContact[];
  /** The item's trusted timestamp, if it has one. */
  stamp?: EvidenceStamp;
  /** Stamping is on: an unstamped item shows 待盖时间戳. */
  stamping?: boolean;
  onClose: () => void;
  onSaved: (item: Evidence) => void;
}) {
  const { t } = useTranslation(['evidence', 'enums']);
  const { message } = App.useApp();
  const linked = item ? contacts.filter((c) => (c.evidence_ids ?? []).includes(item.id)) : [];

  const copy = (text: string) => {
    navigator.clipboard
      .writeText(text)
      .then(() => void message.success(t('drawer.copied')))
      .catch(() => void message.error(t('drawer.copyFailed')));
  };

  return (
    <Drawer
      open={item !== null}
      onClose={onClose}
      size="large"
      title={item ? item.name : t('drawer.title')}
      destroyOnHidden
      closable={{ 'aria-label': t('drawer.close') }}
    >
      {item && (
        <div data-testid="evidence-drawer" data-evidence-id={item.id}>
          <div style={{ marginBottom: 16 }}>
            <Preview key={item.id} item={item} />
          </div>
          <Typography.Title level={5}>{t('drawer.metaTitle')}</Typography.Title>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('drawer.name')}>{item.name}</Descriptions.Item>
            <Descriptions.Item label={t('drawer.size')}>
              {t('drawer.sizeValue', { human: humanSize(item.size), bytes: groupDigits(item.size) })}
            </Descriptions.Item>
            <Descriptions.Item label={t('drawer.mediaType')}>{item.media_type}</Descriptions.Item>
            <Descriptions.Item label={t('drawer.sha256')}>
              <Space align="start">
                <code data-testid="evidence-sha256" style={{ wordBreak: 'break-all', fontFamily: 'monospace' }}>
                  {item.sha256}
                </code>
                <Button
                  size="small"
                  icon={<CopyOutlined />}
                  data-testid="evidence-sha256-copy"
                  aria-label={t('drawer.copy')}
                  onClick={() => copy(item.sha256)}
                />
              </Space>
              <div>
                <Typography.Text type="secondary">{t('drawer.sha256Help')}</Typography.Text>
              </div>
            </Descriptions.Item>
            <Descriptions.Item label={t('drawer.addedAt')}>{formatDateTime(item.added_at)}</Descriptions.Item>
            <Descriptions.Item label={t('drawer.sourceModified')}>
              {item.source_modified_at ? formatDateTime(item.source_modified_at) : t('drawer.none')}
            </Descriptions.Item>
            {isRecording(item.media_type) && (
              <Descriptions.Item label={t('drawer.duration')}>
                <Duration item={item} />
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t(item.exif_taken_at && item.exif_time_kind !== 'original' ? 'drawer.exifRecorded' : 'drawer.exifTaken')}>
              {item.exif_taken_at ? exifTime(item.exif_taken_at) : t('drawer.none')}
            </Descriptions.Item>
            {(item.camera_make || item.camera_model) && (
              <Descriptions.Item label={t('drawer.camera')}>
                {[item.camera_make, item.camera_model].filter(Boolean).join(' ')}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('drawer.chainSeq')}>{t('drawer.chainSeqValue', { seq: item.chain_seq })}</Descriptions.Item>
            <Descriptions.Item label={t('stamp.badge')}>
              {stamp || stamping ? (
                <StampBadge stamp={stamp} enabled={stamping} withLine />
              ) : (
                <Typography.Text type="secondary">{t('stamp.none')}</Typography.Text>
              )}
            </Descriptions.Item>
          </Descriptions>

          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('drawer.annotateTitle')}
          </Typography.Title>
          <AnnotateForm
            key={`${item.id}-${item.kind}-${item.note ?? ''}-${item.purpose ?? ''}-${item.transcript ?? ''}`}
            item={item}
            flags={linked.flatMap((c) => c.flags.map((f) => f.code))}
            onSaved={onSaved}
          />

          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('drawer.contactsTitle')}
          </Typography.Title>
          {linked.length === 0 ? (
            <Typography.Text type="secondary">{t('drawer.contactsNone')}</Typography.Text>
          ) : (
            <List
              size="small"
              dataSource={linked}
              renderItem={(c) => (
                <List.Item key={c.id}>
                  {t('drawer.contactLine', {
                    at: formatDateTime(c.at),
                    who: [c.organisation, c.person, c.number].filter(Boolean).join(' · ') || c.channel,
                  })}
                  {c.summary ? ` — ${c.summary}` : ''}
                </List.Item>
              )}
            />
          )}
        </div>
      )}
    </Drawer>
  );
}
