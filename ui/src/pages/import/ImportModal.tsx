//! 导入: files or folders from the phone → a preview (what was recognised; per number, which
//! debt it belongs to or 不导入) → progress with cancel → a summary. Opened from the dashboard
//! and from a case. While it is open it takes files dropped on the window.
//!
//! Nothing is written before 导入 is pressed (the preview is the core's dry run), and the core
//! imports one batch in one transaction: a cancel or a crash leaves the vault as it was.

import { CloudUploadOutlined, FileOutlined, FolderOpenOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Input, Modal, Progress, Select, Space, Steps, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, NO_VALUE } from '../../lib/format';
import {
  chooseFiles,
  chooseFolder,
  claimFileDrops,
  core,
  errorText,
  newJobId,
  onFileDrop,
  progressChannel,
  toCoreError,
} from '../../platform';
import type { Case, ImportReport, JobProgress, NumberGroup } from '../../platform';
import { baseName, percent } from '../evidence/logic';
import type { Choice } from './logic';
import {
  applyParams,
  assignable,
  chosenCount,
  computerOffsetMinutes,
  initialChoices,
  offsetLabel,
  previewParams,
  problemCode,
  SKIP,
  sourcesByFormat,
  unknownTo,
} from './logic';

type Stage =
  | { step: 'pick' }
  | { step: 'reading'; jobId: string; progress: JobProgress | null; cancelling: boolean }
  | { step: 'preview'; report: ImportReport }
  | { step: 'saving'; report: ImportReport; jobId: string; progress: JobProgress | null; cancelling: boolean }
  | { step: 'done'; result: ImportReport };

const STEP_INDEX: Record<Stage['step'], number> = { pick: 0, reading: 0, preview: 1, saving: 2, done: 3 };

/** `list` with the paths of `more` it does not hold yet, in order. */
function mergePaths(list: string[], more: string[]): string[] {
  return [...list, ...more.filter((p, i) => !list.includes(p) && more.indexOf(p) === i)];
}

/** A recording name pattern as users of other phones would write it (the core's syntax). */
const PATTERN_EXAMPLE = '通话录音-{number}-{time:%Y%m%d%H%M%S}';

/** `value` of the time-zone select for "the computer's own". */
const COMPUTER = 'computer';
const HOURS = Array.from({ length: 27 }, (_, i) => (i - 12) * 60);

export interface ImportModalProps {
  open: boolean;
  onClose: () => void;
  /** Opened on a case: offers "every unknown number to this case" (a visible choice). */
  caseId?: string;
  /** After an import that added something (reload lists). */
  onImported?: (result: ImportReport) => void;
}

export default function ImportModal({ open, onClose, caseId, onImported }: ImportModalProps) {
  const { t } = useTranslation(['contacts', 'enums']);
  const { t: tc } = useTranslation();
  const [paths, setPaths] = useState<string[]>([]);
  const [stage, setStage] = useState<Stage>({ step: 'pick' });
  const [choices, setChoices] = useState<Map<string, Choice>>(new Map());
  const [notice, setNotice] = useState<{ type: 'info' | 'error'; text: string } | null>(null);
  const [cases, setCases] = useState<Case[]>([]);
  const [offset, setOffset] = useState<number | typeof COMPUTER>(COMPUTER);
  const [pattern, setPattern] = useState('');
  const [dragging, setDragging] = useState(false);
  const stepRef = useRef(stage.step);
  useEffect(() => {
    stepRef.current = stage.step;
  }, [stage.step]);

  const running = stage.step === 'reading' || stage.step === 'saving';
  const utcOffset = offset === COMPUTER ? null : offset;

  // The cases to choose from, fresh each time the dialog opens.
  useEffect(() => {
    if (!open) return;
    let live = true;
    core.caseList().then(
      (list) => {
        if (live) setCases(list);
      },
      () => undefined, // Without the list only 不导入 and known numbers' cases are offered.
    );
    return () => {
      live = false;
    };
  }, [open]);

  // Dropped files join the list while the dialog is open (and not on the case's evidence).
  useEffect(() => {
    if (!open) return;
    const release = claimFileDrops();
    let unlisten: (() => void) | null = null;
    let gone = false;
    onFileDrop((drop) => {
      if (stepRef.current !== 'pick') return;
      if (drop.type === 'over') setDragging(true);
      else if (drop.type === 'leave') setDragging(false);
      else {
        setDragging(false);
        setNotice(null);
        setPaths((list) => mergePaths(list, drop.paths));
      }
    })
      .then((u) => {
        if (gone) u();
        else unlisten = u;
      })
      .catch(() => undefined); // No window (tests, plain browser): only the buttons.
    return () => {
      gone = true;
      unlisten?.();
      release();
    };
  }, [open]);

  const addPaths = (more: string[]) => {
    setNotice(null);
    setPaths((list) => mergePaths(list, more));
  };

  const pick = (folder: boolean) => {
    const picked = folder
      ? chooseFolder(t('import.pick.folderTitle')).then((p) => (p ? [p] : []))
      : chooseFiles(t('import.pick.filesTitle'));
    picked.then(addPaths).catch((e: unknown) => setNotice({ type: 'error', text: errorText(e, tc) }));
  };

  const reset = () => {
    setPaths([]);
    setStage({ step: 'pick' });
    setChoices(new Map());
    setNotice(null);
    setDragging(false);
  };

  const close = () => {
    if (running) return;
    reset();
    onClose();
  };

  const readPreview = () => {
    const jobId = newJobId();
    setNotice(null);
    setStage({ step: 'reading', jobId, progress: null, cancelling: false });
    const channel = progressChannel<JobProgress>((progress) => {
      setStage((s) => (s.step === 'reading' && s.jobId === jobId ? { ...s, progress } : s));
    });
    core
      .importPreview(previewParams(paths, utcOffset, jobId, pattern), channel)
      .then((report) => {
        setChoices(initialChoices(report));
        setStage({ step: 'preview', report });
      })
      .catch((e: unknown) => {
        setStage({ step: 'pick' });
        const error = toCoreError(e);
        setNotice(
          error.is('cancelled')
            ? { type: 'info', text: t('import.cancelled') }
            : error.is('invalid_pattern')
              ? { type: 'error', text: t('import.pick.patternBad') }
              : { type: 'error', text: t('import.previewFailed', { reason: errorText(e, tc) }) },
        );
      });
  };

  const apply = (report: ImportReport) => {
    const jobId = newJobId();
    setNotice(null);
    setStage({ step: 'saving', report, jobId, progress: null, cancelling: false });
    const channel = progressChannel<JobProgress>((progress) => {
      setStage((s) => (s.step === 'saving' && s.jobId === jobId ? { ...s, progress } : s));
    });
    core
      .importApply(applyParams(paths, choices, utcOffset, jobId, pattern), channel)
      .then((result) => {
        setStage({ step: 'done', result });
        if (result.contacts_added > 0 || result.evidence_added > 0) onImported?.(result);
      })
      .catch((e: unknown) => {
        setStage({ step: 'preview', report });
        setNotice(
          toCoreError(e).is('cancelled')
            ? { type: 'info', text: t('import.cancelled') }
            : { type: 'error', text: t('import.failed', { reason: errorText(e, tc) }) },
        );
      });
  };

  const cancel = () => {
    if (stage.step !== 'reading' && stage.step !== 'saving') return;
    setStage({ ...stage, cancelling: true });
    core.jobCancel(stage.jobId).catch((e: unknown) => setNotice({ type: 'error', text: errorText(e, tc) }));
  };

  const caseTitle = useMemo(() => {
    const titles = new Map(cases.map((c) => [c.id, c.title || c.lender]));
    return (id: string) => titles.get(id) ?? id;
  }, [cases]);

  const footer = () => {
    switch (stage.step) {
      case 'pick':
        return [
          <Button key="next" type="primary" disabled={paths.length === 0} onClick={readPreview} data-testid="import-next">
            {t('import.pick.next')}
          </Button>,
        ];
      case 'preview': {
        const count = chosenCount(stage.report, choices);
        return [
          <Button key="back" onClick={() => setStage({ step: 'pick' })} data-testid="import-back">
            {t('import.preview.back')}
          </Button>,
          <Button key="apply" type="primary" disabled={count === 0} onClick={() => apply(stage.report)} data-testid="import-apply">
            {t('import.preview.apply')}
          </Button>,
        ];
      }
      case 'done':
        return [
          <Button key="close" type="primary" onClick={close} data-testid="import-done-close">
            {t('import.done.close')}
          </Button>,
        ];
      default:
        return [
          <Button key="cancel" onClick={cancel} disabled={stage.cancelling} data-testid="import-cancel">
            {stage.cancelling ? t('import.cancelling') : t('import.cancel')}
          </Button>,
        ];
    }
  };

  return (
    <Modal
      open={open}
      onCancel={close}
      title={t('import.title')}
      width={1000}
      footer={footer()}
      closable={!running}
      mask={{ closable: false }}
      keyboard={!running}
      destroyOnHidden
    >
      <div data-testid="import-modal" data-step={stage.step}>
        <Steps
          size="small"
          current={STEP_INDEX[stage.step]}
          style={{ marginBottom: 16 }}
          items={[
            { title: t('import.steps.pick') },
            { title: t('import.steps.preview') },
            { title: t('import.steps.save') },
            { title: t('import.steps.done') },
          ]}
        />
        {notice && <Alert type={notice.type} showIcon title={notice.text} style={{ marginBottom: 12 }} data-testid="import-notice" />}
        {stage.step === 'pick' && (
          <PickStep
            paths={paths}
            dragging={dragging}
            onPick={pick}
            onRemove={(p) => setPaths((list) => list.filter((x) => x !== p))}
            offset={offset}
            pattern={pattern}
            onPattern={setPattern}
            onOffset={setOffset}
          />
        )}
        {(stage.step === 'reading' || stage.step === 'saving') && (
          <div data-testid="import-progress" role="status" aria-live="polite">
            <Typography.Text strong>{stage.step === 'reading' ? t('import.reading') : t('import.saving')}</Typography.Text>
            <div style={{ margin: '4px 0' }}>
              {stage.progress
                ? t(stage.progress.phase === 'saving' ? 'import.progress.saving' : 'import.progress.reading', {
                    done: stage.progress.done,
                    total: stage.progress.total,
                  })
                : t('import.progress.starting')}
            </div>
            <Progress percent={stage.progress ? percent(stage.progress.done, stage.progress.total) : 0} status="active" />
          </div>
        )}
        {stage.step === 'preview' && (
          <PreviewStep
            report={stage.report}
            choices={choices}
            cases={cases}
            caseTitle={caseTitle}
            onChoose={(key, choice) => setChoices((m) => new Map(m).set(key, choice))}
            onUnknownToCase={caseId ? () => setChoices((m) => unknownTo(stage.report, m, caseId)) : undefined}
          />
        )}
        {stage.step === 'done' && <Summary result={stage.result} caseTitle={caseTitle} />}
      </div>
    </Modal>
  );
}

function PickStep({
  paths,
  dragging,
  onPick,
  onRemove,
  offset,
  onOffset,
  pattern,
  onPattern,
}: {
  paths: string[];
  dragging: boolean;
  onPick: (folder: boolean) => void;
  onRemove: (path: string) => void;
  offset: number | typeof COMPUTER;
  onOffset: (value: number | typeof COMPUTER) => void;
  pattern: string;
  onPattern: (value: string) => void;
}) {
  const { t } = useTranslation(['contacts', 'enums']);
  const computer = computerOffsetMinutes();
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <div
        data-testid="import-dropzone"
        style={{
          border: `2px dashed ${dragging ? '#1677ff' : '#c9d2e0'}`,
          background: dragging ? 'rgba(22, 119, 255, 0.06)' : undefined,
          borderRadius: 8,
          padding: 20,
          textAlign: 'center',
        }}
      >
        <CloudUploadOutlined style={{ fontSize: 36, color: '#1677ff' }} />
        <Typography.Paragraph style={{ marginTop: 8 }}>{dragging ? t('import.pick.drop') : t('import.pick.intro')}</Typography.Paragraph>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('import.pick.formats')}
        </Typography.Paragraph>
        <Space>
          <Button icon={<FileOutlined />} onClick={() => onPick(false)} data-testid="import-pick-files">
            {t('import.pick.files')}
          </Button>
          <Button icon={<FolderOpenOutlined />} onClick={() => onPick(true)} data-testid="import-pick-folder">
            {t('import.pick.folder')}
          </Button>
        </Space>
      </div>
      {paths.length === 0 ? (
        <Typography.Text type="secondary">{t('import.pick.empty')}</Typography.Text>
      ) : (
        <ul data-testid="import-paths" style={{ listStyle: 'none', margin: 0, padding: 0, border: '1px solid #e6eaf1', borderRadius: 6 }}>
          {paths.map((p) => (
            <li key={p} data-testid="import-path" data-path={p} style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '4px 12px' }}>
              <Typography.Text ellipsis title={p} style={{ flex: 1 }}>
                {p}
              </Typography.Text>
              <Button size="small" type="link" onClick={() => onRemove(p)}>
                {t('import.pick.remove')}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <Flex align="center" gap={8} wrap>
        <Typography.Text>{t('import.pick.offset')}</Typography.Text>
        <Select
          value={offset}
          onChange={onOffset}
          style={{ width: 220 }}
          data-testid="import-offset"
          options={[
            { value: COMPUTER, label: t('import.pick.offsetComputer', { offset: `UTC${offsetLabel(computer)}` }) },
            ...HOURS.map((m) => ({ value: m, label: `UTC${offsetLabel(m)}` })),
          ]}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('import.pick.offsetHint')}
        </Typography.Text>
      </Flex>
      <Flex vertical gap={4}>
        <label htmlFor="import-pattern">
          <Typography.Text>{t('import.pick.pattern')}</Typography.Text>
        </label>
        <Input
          id="import-pattern"
          data-testid="import-pattern"
          value={pattern}
          onChange={(e) => onPattern(e.target.value)}
          placeholder={PATTERN_EXAMPLE}
          allowClear
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('import.pick.patternHint', { example: PATTERN_EXAMPLE })}
        </Typography.Text>
      </Flex>
    </Space>
  );
}

function PreviewStep({
  report,
  choices,
  cases,
  caseTitle,
  onChoose,
  onUnknownToCase,
}: {
  report: ImportReport;
  choices: Map<string, Choice>;
  cases: Case[];
  caseTitle: (id: string) => string;
  onChoose: (key: string, choice: Choice) => void;
  onUnknownToCase?: () => void;
}) {
  const { t } = useTranslation(['contacts', 'enums']);
  const sources = sourcesByFormat(report);
  const count = chosenCount(report, choices);
  // Cases the table offers: every case, plus any a number is known in that the list lacks.
  const caseIds = [...new Set([...cases.map((c) => c.id), ...report.numbers.flatMap((g) => g.known_in)])];
  const options = [
    { value: 'skip', label: t('import.preview.skip') },
    ...caseIds.map((id) => ({ value: `case:${id}`, label: caseTitle(id) })),
  ];

  const columns: TableColumnsType<NumberGroup> = [
    {
      key: 'number',
      title: t('import.preview.col.number'),
      width: 150,
      render: (_, g) => (assignable(g) ? g.number : <Typography.Text type="secondary">{t('import.preview.noNumber')}</Typography.Text>),
    },
    { key: 'name', title: t('import.preview.col.name'), width: 110, render: (_, g) => g.name ?? NO_VALUE },
    {
      key: 'count',
      title: t('import.preview.col.count'),
      width: 90,
      render: (_, g) => (
        <>
          {g.count}
          {g.recordings > 0 && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {t('import.preview.recordings', { count: g.recordings })}
            </Typography.Text>
          )}
        </>
      ),
    },
    {
      key: 'first',
      title: t('import.preview.col.first'),
      width: 130,
      render: (_, g) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(g.first)}</span>,
    },
    {
      key: 'last',
      title: t('import.preview.col.last'),
      width: 130,
      render: (_, g) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(g.last)}</span>,
    },
    {
      key: 'sample',
      title: t('import.preview.col.sample'),
      render: (_, g) =>
        g.sample ? (
          <Typography.Text type="secondary" ellipsis={{ tooltip: g.sample }} style={{ maxWidth: 200 }}>
            {g.sample}
          </Typography.Text>
        ) : (
          NO_VALUE
        ),
    },
    {
      key: 'target',
      title: t('import.preview.col.target'),
      width: 210,
      render: (_, g) => {
        if (!assignable(g)) return <Typography.Text type="secondary">{t('import.preview.noNumberHint')}</Typography.Text>;
        const choice = choices.get(g.key) ?? SKIP;
        return (
          <>
            <Select
              value={choice.kind === 'case' ? `case:${choice.caseId}` : 'skip'}
              onChange={(v: string) => onChoose(g.key, v.startsWith('case:') ? { kind: 'case', caseId: v.slice(5) } : SKIP)}
              options={options}
              style={{ width: '100%' }}
              aria-label={t('import.preview.col.target')}
              data-testid={`import-choice-${g.key}`}
            />
            {g.known_in.length > 1 && choice.kind === 'skip' && (
              <Typography.Text type="warning" style={{ display: 'block', fontSize: 12 }}>
                {t('import.preview.severalCases')}
              </Typography.Text>
            )}
          </>
        );
      },
    },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <div data-testid="import-sources">
        <Typography.Title level={5}>{t('import.preview.sources')}</Typography.Title>
        {sources.length === 0 ? (
          <Alert type="warning" showIcon title={t('import.preview.nothing')} />
        ) : (
          sources.map((s) => (
            <div key={s.format} data-testid={`import-source-${s.format}`}>
              {t('import.preview.sourceLine', { format: t(`enums:importFormat.${s.format}`), files: s.files, records: s.records })}
              {s.skipped > 0 && (
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {t('import.preview.skippedEntries', { count: s.skipped })}
                </Typography.Text>
              )}
            </div>
          ))
        )}
      </div>
      {report.problems.length > 0 && <Problems problems={report.problems} />}
      {report.numbers.length > 0 && (
        <div>
          <Flex justify="space-between" align="center" gap={8} wrap>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('import.preview.numbers')}
            </Typography.Title>
            {onUnknownToCase && (
              <Button size="small" onClick={onUnknownToCase} data-testid="import-unknown-to-case">
                {t('import.preview.allToThisCase')}
              </Button>
            )}
          </Flex>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBlock: 4 }}>
            {t('import.preview.numbersHint')}
          </Typography.Paragraph>
          <Table<NumberGroup>
            rowKey={(g) => g.key || '(none)'}
            size="small"
            columns={columns}
            dataSource={report.numbers}
            pagination={report.numbers.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            onRow={(g) => ({ 'data-testid': 'import-number-row', 'data-key': g.key }) as React.HTMLAttributes<HTMLElement>}
            data-testid="import-numbers"
          />
          <Typography.Text strong data-testid="import-chosen-count">
            {t('import.preview.willImport', { count })}
          </Typography.Text>
        </div>
      )}
    </Space>
  );
}

function Problems({ problems }: { problems: ImportReport['problems'] }) {
  const { t } = useTranslation(['contacts', 'enums']);
  return (
    <Alert
      type="warning"
      showIcon
      title={t('import.preview.problems', { count: problems.length })}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {problems.map((p, i) => (
            <li key={`${p.path}-${i}`} data-testid="import-problem" data-code={p.code}>
              <Typography.Text strong>{baseName(p.path)}</Typography.Text>：{t(`import.problem.${problemCode(p.code)}`)}
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {p.message}
              </Typography.Text>
            </li>
          ))}
        </ul>
      }
    />
  );
}

function Summary({ result, caseTitle }: { result: ImportReport; caseTitle: (id: string) => string }) {
  const { t } = useTranslation(['contacts', 'enums']);
  const nothing = result.contacts_added === 0 && result.evidence_added === 0;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="import-summary">
      <Alert
        type={nothing ? 'info' : 'success'}
        showIcon
        title={t('import.done.title')}
        description={
          <div>
            <div data-testid="import-summary-contacts">{t('import.done.contacts', { count: result.contacts_added })}</div>
            <div data-testid="import-summary-evidence">{t('import.done.evidence', { count: result.evidence_added })}</div>
            {result.duplicates > 0 && <div data-testid="import-summary-duplicates">{t('import.done.duplicates', { count: result.duplicates })}</div>}
            {result.flagged > 0 && <div>{t('import.done.flagged', { count: result.flagged })}</div>}
            {result.excluded > 0 && <div data-testid="import-summary-excluded">{t('import.done.excluded', { count: result.excluded })}</div>}
            {result.unassigned.length > 0 && <div>{t('import.done.unassigned', { count: result.unassigned.length })}</div>}
            {nothing && result.duplicates > 0 && <div>{t('import.done.nothing')}</div>}
          </div>
        }
      />
      {result.cases.map((c) => (
        <div key={c.case_id} data-testid={`import-summary-case-${c.case_id}`}>
          {t('import.done.perCase', { title: caseTitle(c.case_id), contacts: c.contacts_added, evidence: c.evidence_added })}
        </div>
      ))}
      {result.problems.length > 0 && <Problems problems={result.problems} />}
    </Space>
  );
}
