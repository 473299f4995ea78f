import { CheckCircleFilled, ExclamationCircleOutlined } from '@ant-design/icons';
import { App, Alert, Button, Card, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { core, errorText } from '../../platform';
import type { ChecklistEntry, Evidence, MediationView } from '../../platform';

/** Step 2: the materials checklist, what is missing, and linking evidence to each item. */
export default function MaterialsStep({
  caseId,
  view,
  reload,
  evidence,
  evidenceError,
}: {
  caseId: string;
  view: MediationView;
  reload: () => Promise<void>;
  evidence: Evidence[];
  evidenceError: string | null;
}) {
  const { t, i18n } = useTranslation(['mediation', 'enums']);
  const { t: tt } = useTranslation();
  const { message } = App.useApp();
  const english = i18n.language === 'en';
  const [picked, setPicked] = useState<Record<string, string | undefined>>({});
  const [busyItem, setBusyItem] = useState<string | null>(null);

  const label = (item: ChecklistEntry) => t(`enums:checklistItem.${item.code}`);
  const byId = new Map(evidence.map((e) => [e.id, e]));
  const missingLabels = view.checklist.items.filter((i) => !i.done).map(label);

  const link = async (item: ChecklistEntry) => {
    const evidenceId = picked[item.code];
    if (!evidenceId) return;
    setBusyItem(item.code);
    try {
      await core.checklistLink(caseId, item.code, evidenceId);
      void message.success(t('materials.linkedOk', { item: label(item) }));
      setPicked((p) => ({ ...p, [item.code]: undefined }));
      await reload();
    } catch (e) {
      void message.error(errorText(e, tt), 6);
    } finally {
      setBusyItem(null);
    }
  };

  // Evidence of a matching kind ticks an item by itself; the user can untick it (and tick it again).
  const setTicked = async (item: ChecklistEntry, ticked: boolean) => {
    setBusyItem(item.code);
    try {
      await core.checklistSetTicked(caseId, item.code, ticked);
      await reload();
    } catch (e) {
      void message.error(errorText(e, tt), 6);
    } finally {
      setBusyItem(null);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="mediation-materials">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('materials.intro')}
      </Typography.Paragraph>
      {missingLabels.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={t('materials.missing', { count: missingLabels.length, items: missingLabels.join(english ? ', ' : '、') })}
          data-testid="checklist-missing"
        />
      ) : (
        <Alert type="success" showIcon title={t('materials.allDone')} data-testid="checklist-missing" />
      )}
      {evidenceError && <Alert type="error" showIcon title={t('materials.evidenceLoadFailed') + evidenceError} />}
      <div>
        {view.checklist.items.map((item) => {
          // Evidence of the kinds that fit this item first, then the rest.
          const options = [...evidence]
            .sort((a, b) => Number(item.kinds.includes(b.kind)) - Number(item.kinds.includes(a.kind)))
            .filter((e) => !item.evidence_ids.includes(e.id))
            .map((e) => ({ value: e.id, label: e.name }));
          return (
            <Card
              key={item.code}
              size="small"
              style={{ marginBottom: 12, borderColor: item.done ? undefined : '#faad14' }}
              data-testid={`checklist-item-${item.code}`}
              data-done={item.done ? 'true' : 'false'}
              title={
                <Space>
                  {item.done ? (
                    <CheckCircleFilled style={{ color: '#52c41a' }} />
                  ) : (
                    <ExclamationCircleOutlined style={{ color: '#faad14' }} />
                  )}
                  <span>{label(item)}</span>
                </Space>
              }
              extra={item.done ? <Tag color="green">{t('materials.done')}</Tag> : <Tag color="gold">{t('materials.notDone')}</Tag>}
            >
              <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                {t(`enums:checklistReason.${item.code}`)}
              </Typography.Paragraph>
              <div style={{ marginBottom: 8 }}>
                <Typography.Text strong>{t('materials.linked')}：</Typography.Text>{' '}
                {item.evidence_ids.length === 0 ? (
                  <Typography.Text type="secondary">{t('materials.noLinked')}</Typography.Text>
                ) : (
                  <Space size={[0, 4]} wrap>
                    {item.evidence_ids.map((id) => (
                      <Tag key={id} title={id}>
                        {byId.get(id)?.name ?? id}
                      </Tag>
                    ))}
                  </Space>
                )}
              </div>
              {item.auto_evidence_ids.length > 0 && (
                <div style={{ marginBottom: 8 }} data-testid={`checklist-auto-${item.code}`}>
                  <Typography.Text strong>{t('materials.auto')}：</Typography.Text>{' '}
                  <Space size={[0, 4]} wrap>
                    {item.auto_evidence_ids.map((id) => (
                      <Tag key={id} title={id} style={item.unticked ? { textDecoration: 'line-through' } : undefined}>
                        {byId.get(id)?.name ?? id}
                      </Tag>
                    ))}
                  </Space>
                  <Button
                    type="link"
                    size="small"
                    loading={busyItem === item.code}
                    onClick={() => void setTicked(item, item.unticked)}
                    data-testid={`checklist-toggle-${item.code}`}
                  >
                    {item.unticked ? t('materials.tickAgain') : t('materials.untick')}
                  </Button>
                </div>
              )}
              <Space.Compact style={{ width: '100%', maxWidth: 520 }}>
                <Select
                  style={{ width: '100%' }}
                  showSearch
                  optionFilterProp="label"
                  placeholder={t('materials.pickEvidence')}
                  notFoundContent={t('materials.noEvidence')}
                  value={picked[item.code]}
                  onChange={(v: string) => setPicked((p) => ({ ...p, [item.code]: v }))}
                  options={options}
                  data-testid={`checklist-pick-${item.code}`}
                />
                <Button
                  type="primary"
                  disabled={!picked[item.code]}
                  loading={busyItem === item.code}
                  onClick={() => void link(item)}
                  data-testid={`checklist-link-${item.code}`}
                >
                  {t('materials.link')}
                </Button>
              </Space.Compact>
            </Card>
          );
        })}
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="checklist-basis">
        {t('materials.basis', { basis: view.checklist.basis })}
      </Typography.Text>
    </Space>
  );
}
