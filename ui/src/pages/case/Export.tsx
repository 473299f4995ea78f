import { Col, Row } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localDateIso } from '../../lib/format';
import { core, progressChannel } from '../../platform';
import type { ActionItems, JobProgress } from '../../platform';
import ExportCard from '../evidence/ExportCard';
import { defaultExportName } from '../evidence/logic';

const PREFIX = {
  pdf: { zh: '证据材料', en: 'evidence' },
  pack: { zh: '证据包', en: 'evidence-pack' },
  complaint: { zh: '投诉材料', en: 'complaint' },
  police: { zh: '报警材料', en: 'police-report' },
} as const;

/** 导出 — evidence PDF or pack, 投诉材料 and 报警材料; options, progress, the file's SHA-256. */
export default function Export({ caseId }: { caseId: string }) {
  const { i18n } = useTranslation(['evidence', 'enums']);
  const [title, setTitle] = useState('');
  const [items, setItems] = useState<ActionItems | null>(null);
  useEffect(() => {
    let gone = false;
    core
      .exportActionItems(caseId)
      .then((found) => {
        if (!gone) setItems(found);
      })
      .catch(() => undefined); // Then both actions stay offered; the core refuses an empty one in words.
    return () => {
      gone = true;
    };
  }, [caseId]);
  useEffect(() => {
    let gone = false;
    core
      .caseList()
      .then((cases) => {
        const found = cases.find((c) => c.id === caseId);
        if (!gone && found) setTitle(found.title || found.lender);
      })
      .catch(() => undefined); // The default file name then simply lacks the case's name.
    return () => {
      gone = true;
    };
  }, [caseId]);
  const lang = i18n.language.startsWith('zh') ? 'zh' : 'en';
  const today = localDateIso();

  return (
    <div data-testid="case-tab-export" data-case-id={caseId}>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <ExportCard
            kind="pdf"
            defaultName={defaultExportName(PREFIX.pdf[lang], title, today, 'pdf')}
            run={(r) =>
              core.exportPdf(
                { case_id: caseId, path: r.path, overwrite: r.overwrite, attachments: r.attachments, lang: r.lang, job_id: r.jobId },
                progressChannel<JobProgress>(r.onProgress),
              )
            }
          />
        </Col>
        <Col xs={24} xl={12}>
          <ExportCard
            kind="pack"
            defaultName={defaultExportName(PREFIX.pack[lang], title, today, 'zip')}
            run={(r) =>
              core.exportPack(
                {
                  case_id: caseId,
                  path: r.path,
                  overwrite: r.overwrite,
                  recipient: r.recipient,
                  password_protect: r.passwordProtect,
                  lang: r.lang,
                  job_id: r.jobId,
                },
                progressChannel<JobProgress>(r.onProgress),
              )
            }
          />
        </Col>
        <Col xs={24} xl={12}>
          <ExportCard
            kind="complaint"
            items={items ? items.complaint : null}
            defaultName={defaultExportName(PREFIX.complaint[lang], title, today, 'pdf')}
            run={(r) =>
              core.exportAction(
                { case_id: caseId, action: { kind: 'complaint', to: r.complaintTo }, path: r.path, overwrite: r.overwrite, lang: r.lang, job_id: r.jobId },
                progressChannel<JobProgress>(r.onProgress),
              )
            }
          />
        </Col>
        <Col xs={24} xl={12}>
          <ExportCard
            kind="police"
            items={items ? items.police : null}
            defaultName={defaultExportName(PREFIX.police[lang], title, today, 'pdf')}
            run={(r) =>
              core.exportAction(
                { case_id: caseId, action: { kind: 'police' }, path: r.path, overwrite: r.overwrite, lang: r.lang, job_id: r.jobId },
                progressChannel<JobProgress>(r.onProgress),
              )
            }
          />
        </Col>
      </Row>
    </div>
  );
}
