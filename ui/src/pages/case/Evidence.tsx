import {
  AppstoreOutlined,
  AudioOutlined,
  CloudUploadOutlined,
  FileImageOutlined,
  FileOutlined,
  FilePdfOutlined,
  PlusOutlined,
  UnorderedListOutlined,
  VideoCameraOutlined,
} from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Segmented, Select, Spin, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { core, errorText, EVIDENCE_KINDS, evidenceUrl, useTimestampUpdates } from '../../platform';
import type { CheckedContact, Evidence as EvidenceItem, EvidenceKind, EvidenceStamp } from '../../platform';
import EvidenceDrawer from '../evidence/EvidenceDrawer';
import Duration from '../evidence/Duration';
import { humanSize, isRecording, previewKind } from '../evidence/logic';
import { StampBadge, StampNowButton } from '../evidence/Stamp';
import { useEvidenceIntake } from './intake';

function KindIcon({ item }: { item: EvidenceItem }) {
  const style = { fontSize: 40, color: '#8c8c8c' };
  switch (previewKind(item.media_type)) {
    case 'image':
      return <FileImageOutlined style={style} />;
    case 'audio':
      return <AudioOutlined style={style} />;
    case 'video':
      return <VideoCameraOutlined style={style} />;
    case 'pdf':
      return <FilePdfOutlined style={style} />;
    default:
      return <FileOutlined style={style} />;
  }
}

type Filter = EvidenceKind | 'all';

/** 证据 — thumbnails or list, filter by kind, a drawer per item with preview and its SHA-256. */
export default function Evidence({ caseId }: { caseId: string }) {
  const { t } = useTranslation(['evidence', 'enums']);
  const { t: tc } = useTranslation();
  const { pickFiles, generation } = useEvidenceIntake();
  const [items, setItems] = useState<EvidenceItem[] | null>(null);
  const [contacts, setContacts] = useState<CheckedContact[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState<Filter>('all');
  const [view, setView] = useState<'grid' | 'list'>('grid');
  const [openId, setOpenId] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [stamps, setStamps] = useState<Map<string, EvidenceStamp>>(new Map());
  const [stamping, setStamping] = useState(false);
  const [stampReload, setStampReload] = useState(0);

  // Timestamps are a nicety on this screen: when they cannot be read the evidence still shows.
  useEffect(() => {
    let gone = false;
    core
      .evidenceStamps(caseId)
      .then((list) => {
        if (!gone) setStamps(new Map(list.map((s) => [s.evidence_id, s])));
      })
      .catch(() => undefined);
    core
      .timestampStatus()
      .then((st) => {
        if (!gone) setStamping(st.enabled);
      })
      .catch(() => undefined);
    return () => {
      gone = true;
    };
  }, [caseId, generation, reload, stampReload]);
  useTimestampUpdates(() => setStampReload((n) => n + 1));

  useEffect(() => {
    let gone = false;
    core
      .evidenceList(caseId)
      .then((list) => {
        if (!gone) {
          setItems(list);
          setError(null);
        }
      })
      .catch((e: unknown) => {
        if (!gone) setError(errorText(e, tc));
      });
    core
      .contactList(caseId)
      .then((list) => {
        if (!gone) setContacts(list);
      })
      .catch(() => undefined); // Linked contacts are a nicety; the evidence itself still shows.
    return () => {
      gone = true;
    };
  }, [caseId, generation, reload, tc]);

  const onSaved = useCallback((updated: EvidenceItem) => {
    setItems((list) => list?.map((i) => (i.id === updated.id ? updated : i)) ?? null);
  }, []);

  const shown = (items ?? []).filter((i) => filter === 'all' || i.kind === filter);
  const open = items?.find((i) => i.id === openId) ?? null;
  const kindsPresent = EVIDENCE_KINDS.filter((k) => items?.some((i) => i.kind === k));

  const itemProps = (item: EvidenceItem) => ({
    'data-testid': 'evidence-item',
    'data-evidence-id': item.id,
    'data-name': item.name,
  });

  return (
    <div data-testid="case-tab-evidence" data-case-id={caseId}>
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined />} data-testid="evidence-add" onClick={pickFiles}>
          {t('list.add')}
        </Button>
        <Select<Filter>
          aria-label={t('list.columnKind')}
          data-testid="evidence-filter"
          value={filter}
          onChange={setFilter}
          style={{ minWidth: 160 }}
          options={[
            { value: 'all', label: t('list.filterAll') },
            ...kindsPresent.map((k) => ({ value: k, label: t(`enums:evidenceKind.${k}`) })),
          ]}
        />
        <Segmented
          data-testid="evidence-view"
          value={view}
          onChange={(v) => setView(v as 'grid' | 'list')}
          options={[
            { value: 'grid', icon: <AppstoreOutlined />, label: t('list.viewGrid') },
            { value: 'list', icon: <UnorderedListOutlined />, label: t('list.viewList') },
          ]}
        />
        <StampNowButton enabled={stamping} onDone={() => setStampReload((n) => n + 1)} />
        {items && <Typography.Text type="secondary">{t('list.count', { count: shown.length })}</Typography.Text>}
      </Flex>

      <div
        data-testid="evidence-dropzone"
        role="button"
        tabIndex={0}
        onClick={pickFiles}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            pickFiles();
          }
        }}
        style={{
          border: '1px dashed #bfbfbf',
          borderRadius: 8,
          padding: '16px',
          textAlign: 'center',
          cursor: 'pointer',
          marginBottom: 16,
        }}
      >
        <CloudUploadOutlined style={{ fontSize: 28, color: '#1677ff' }} />
        <div>{t('list.dropzone')}</div>
        <Typography.Text type="secondary">{t('list.dropzoneHint')}</Typography.Text>
      </div>

      {error && (
        <Alert
          type="error"
          showIcon
          title={t('list.loadFailed')}
          description={error}
          action={<Button onClick={() => setReload((n) => n + 1)}>{t('list.reload')}</Button>}
          style={{ marginBottom: 16 }}
        />
      )}

      {items === null && !error && <Spin />}

      {items !== null && items.length === 0 && (
        <Empty data-testid="evidence-empty" description={<><div><strong>{t('list.emptyTitle')}</strong></div><div>{t('list.emptyHint')}</div></>}>
          <Button type="primary" onClick={pickFiles}>{t('list.add')}</Button>
        </Empty>
      )}
      {items !== null && items.length > 0 && shown.length === 0 && <Empty description={t('list.emptyFiltered')} />}

      {shown.length > 0 && view === 'grid' && (
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))', gap: 12 }}>
          {shown.map((item) => (
            <Card
              key={item.id}
              {...itemProps(item)}
              hoverable
              size="small"
              role="button"
              tabIndex={0}
              aria-label={t('list.open', { name: item.name })}
              onClick={() => setOpenId(item.id)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  setOpenId(item.id);
                }
              }}
              cover={
                <div style={{ height: 120, display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#fafafa', overflow: 'hidden' }}>
                  {previewKind(item.media_type) === 'image' ? (
                    <img src={evidenceUrl(item.id)} alt="" loading="lazy" style={{ maxWidth: '100%', maxHeight: 120, objectFit: 'contain' }} />
                  ) : (
                    <KindIcon item={item} />
                  )}
                </div>
              }
            >
              <Typography.Text ellipsis={{ tooltip: item.name }} strong style={{ display: 'block' }}>
                {item.name}
              </Typography.Text>
              <div style={{ marginTop: 4 }}>
                <Tag>{t(`enums:evidenceKind.${item.kind}`)}</Tag>
                <Typography.Text type="secondary">{humanSize(item.size)}</Typography.Text>
                {isRecording(item.media_type) && (
                  <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                    <Duration item={item} />
                  </Typography.Text>
                )}
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(item.added_at)}
              </Typography.Text>
              <div style={{ marginTop: 4 }}>
                <StampBadge stamp={stamps.get(item.id)} enabled={stamping} />
              </div>
            </Card>
          ))}
        </div>
      )}

      {shown.length > 0 && view === 'list' && (
        <Table<EvidenceItem>
          rowKey="id"
          size="small"
          dataSource={shown}
          pagination={shown.length > 50 ? { pageSize: 50 } : false}
          onRow={(item) => ({
            ...itemProps(item),
            tabIndex: 0,
            style: { cursor: 'pointer' },
            onClick: () => setOpenId(item.id),
            onKeyDown: (e) => {
              if (e.key === 'Enter') setOpenId(item.id);
            },
          })}
          columns={[
            { title: t('list.columnName'), dataIndex: 'name', ellipsis: true },
            { title: t('list.columnKind'), dataIndex: 'kind', width: 130, render: (k: EvidenceKind) => <Tag>{t(`enums:evidenceKind.${k}`)}</Tag> },
            { title: t('list.columnSize'), dataIndex: 'size', width: 100, render: (s: number) => humanSize(s) },
            {
              title: t('list.columnDuration'),
              key: 'duration',
              width: 130,
              render: (_: unknown, item: EvidenceItem) => (isRecording(item.media_type) ? <Duration item={item} /> : null),
            },
            { title: t('list.columnAdded'), dataIndex: 'added_at', width: 160, render: (a: string) => formatDateTime(a) },
            {
              title: t('stamp.badge'),
              key: 'stamp',
              width: 130,
              render: (_: unknown, item: EvidenceItem) => <StampBadge stamp={stamps.get(item.id)} enabled={stamping} />,
            },
          ]}
        />
      )}

      <EvidenceDrawer
        item={open}
        contacts={contacts}
        stamp={open ? stamps.get(open.id) : undefined}
        stamping={stamping}
        onClose={() => setOpenId(null)}
        onSaved={onSaved}
      />
    </div>
  );
}
