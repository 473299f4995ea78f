//! Plays a recording (or video) from the vault, and says so plainly when it cannot.
//!
//! The bytes come through the `evidence:` protocol into memory and play from a `blob:` URL
//! (see platform/files.ts). WebKitGTK plays what its GStreamer plugins decode: not SILK, some
//! M4A not without `gstreamer1.0-libav` (see `cannotPlayInApp` for AMR). For a type known not
//! to play, and whenever the player reports an error, the screen says in words that this format
//! cannot play inside the app and offers 用系统播放器打开 — which needs a temporary file, because
//! the system player is another program and cannot read this app's memory (the shell removes the
//! file when the vault locks or the app quits; see src-tauri/src/external.rs).

import { PlayCircleOutlined } from '@ant-design/icons';
import { Alert, App, Button, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { core, errorText, evidenceBlobUrl } from '../../platform';
import type { Evidence } from '../../platform';
import { cannotPlayInApp, formatName } from './logic';

/** The Chinese (or English) notice with the 用系统播放器打开 button. */
function CannotPlay({ item }: { item: Pick<Evidence, 'id' | 'media_type'> }) {
  const { t } = useTranslation(['evidence', 'enums']);
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const [opening, setOpening] = useState(false);
  const open = () => {
    setOpening(true);
    core
      .evidenceOpenExternal(item.id)
      .then(() => void message.success(t('player.opened'), 6))
      .catch((e: unknown) => void message.error(t('player.openFailed', { reason: errorText(e, tc) }), 8))
      .finally(() => setOpening(false));
  };
  return (
    <Alert
      type="info"
      showIcon
      data-testid="player-cannot-play"
      title={t('player.cannotPlay', { format: formatName(item.media_type) })}
      description={t('player.cannotPlayHint')}
      action={
        <Button size="small" onClick={open} loading={opening} data-testid="player-open-external">
          {t('player.openExternal')}
        </Button>
      }
    />
  );
}

/** Loads the item and plays it; falls back to the notice when the webview cannot. */
export default function MediaPlayer({
  item,
  kind = 'audio',
  autoLoad = true,
}: {
  item: Pick<Evidence, 'id' | 'media_type' | 'name'>;
  kind?: 'audio' | 'video';
  /** False: a 播放录音 button first (a table of many recordings decrypts none until asked). */
  autoLoad?: boolean;
}) {
  const { t } = useTranslation(['evidence', 'enums']);
  const { t: tc } = useTranslation();
  const [wanted, setWanted] = useState(autoLoad);
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [unplayable, setUnplayable] = useState(() => cannotPlayInApp(item.media_type));

  useEffect(() => {
    if (!wanted || unplayable) return;
    let revoke: (() => void) | null = null;
    let gone = false;
    evidenceBlobUrl(item.id, item.media_type)
      .then((b) => {
        if (gone) b.revoke();
        else {
          revoke = b.revoke;
          setUrl(b.url);
        }
      })
      .catch((e: unknown) => {
        if (!gone) setError(errorText(e, tc));
      });
    return () => {
      gone = true;
      revoke?.();
    };
  }, [wanted, unplayable, item.id, item.media_type, tc]);

  if (unplayable) return <CannotPlay item={item} />;
  if (!wanted) {
    return (
      <Button
        size="small"
        type="link"
        icon={<PlayCircleOutlined />}
        onClick={() => setWanted(true)}
        style={{ paddingInline: 0 }}
        data-testid="player-play"
        aria-label={t('player.recording', { name: item.name })}
      >
        {t('player.play')}
      </Button>
    );
  }
  if (error) return <Alert type="warning" showIcon title={t('player.failed', { reason: error })} data-testid="player-failed" />;
  if (!url) {
    return (
      <Spin description={t('player.loading')}>
        <div style={{ height: 40 }} />
      </Spin>
    );
  }
  // The webview's own error (an English "Error" inside the control) is replaced by ours.
  const onError = () => setUnplayable(true);
  return kind === 'audio' ? (
    <audio data-testid="evidence-audio" controls autoPlay={!autoLoad} src={url} onError={onError} style={{ width: '100%', minWidth: 220 }} />
  ) : (
    <video data-testid="evidence-video" controls src={url} onError={onError} style={{ width: '100%', maxHeight: 480 }} />
  );
}
