import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Table, Typography } from 'antd';
import { useState } from 'react';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatDateTime, formatFen, NO_VALUE } from '../lib/format';
import { core } from '../platform';
import type { Case } from '../platform';
import { StageTag } from './cases/bits';
import LoadError from './cases/LoadError';
import NewCaseModal from './cases/NewCaseModal';
import { useLoad } from './cases/useLoad';

/** 案卷: the list of cases, one per debt, and the 新建案卷 form. */
export default function Cases() {
  const { t } = useTranslation(['cases', 'enums']);
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const { data, error, loading, reload } = useLoad(() => core.caseList(), 'cases');
  const open = (id: string) => void navigate(`/cases/${encodeURIComponent(id)}`);

  return (
    <div data-testid="cases-page">
      <Flex justify="flex-end" style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="cases-new">
          {t('list.new')}
        </Button>
      </Flex>
      {error !== null && !data ? (
        <LoadError error={error} onRetry={() => void reload()} />
      ) : (
        <Card>
          <Table<Case>
            loading={loading && !data}
            dataSource={data ?? []}
            rowKey="id"
            pagination={false}
            scroll={{ x: true }}
            locale={{ emptyText: <Typography.Text type="secondary">{t('list.empty')}</Typography.Text> }}
            onRow={(c) => ({
              onClick: () => open(c.id),
              onKeyDown: (e) => {
                if (e.key === 'Enter') open(c.id);
              },
              tabIndex: 0,
              style: { cursor: 'pointer' },
              'data-testid': `case-row-${c.id}`,
            }) as HTMLAttributes<HTMLElement>}
            columns={[
              { key: 'title', title: t('list.colTitle'), render: (_, c) => <Typography.Link>{c.title}</Typography.Link> },
              {
                key: 'lender',
                title: t('list.colLender'),
                render: (_, c) => (
                  <span>
                    {c.lender}
                    {c.platform && <Typography.Text type="secondary">（{c.platform}）</Typography.Text>}
                  </span>
                ),
              },
              { key: 'stage', title: t('list.colStage'), render: (_, c) => <StageTag stage={c.stage} /> },
              {
                key: 'principal',
                title: t('list.colPrincipal'),
                align: 'right',
                render: (_, c) => (c.principal_fen === null ? NO_VALUE : formatFen(c.principal_fen)),
              },
              { key: 'evidence', title: t('list.colEvidence'), align: 'right', render: (_, c) => c.evidence_count },
              { key: 'created', title: t('list.colCreated'), render: (_, c) => formatDateTime(c.created_at) },
            ]}
          />
        </Card>
      )}
      <NewCaseModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(c) => {
          setCreating(false);
          void navigate(`/cases/${encodeURIComponent(c.id)}`);
        }}
      />
    </div>
  );
}
