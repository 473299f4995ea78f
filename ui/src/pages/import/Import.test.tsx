import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { describe, expect, it, vi } from 'vitest';
import type { Case, ImportParams, ImportReport, NumberGroup } from '../../platform';
import { CoreFailure, dropFiles, mockCore, sendOnChannel } from '../../platform/testing';
import { EvidenceIntakeProvider } from '../case/EvidenceIntake';
import type { CoreHandler } from '../../platform/testing';
import ImportModal from './ImportModal';
import { applyParams, initialChoices, previewParams, unknownTo } from './logic';

const COLLECTOR = '17012345678';
const FAMILY = '13911112222';

function group(over: Partial<NumberGroup>): NumberGroup {
  return {
    key: '',
    number: '',
    name: null,
    count: 1,
    recordings: 0,
    first: '2026-03-20T10:00:00+08:00',
    last: '2026-03-20T10:00:00+08:00',
    sample: null,
    case: null,
    known_in: [],
    skipped: false,
    ...over,
  };
}

const PREVIEW: ImportReport = {
  dry_run: true,
  contacts_added: 3,
  evidence_added: 3,
  duplicates: 0,
  flagged: 0,
  cases: [],
  unassigned: [],
  excluded: 0,
  sources: [
    { path: `/phone/call_rec/${COLLECTOR}(${COLLECTOR})_20260320100000.mp3`, format: 'xiaomi_recording', records: 1, skipped: 0 },
    { path: `/phone/call_rec/${COLLECTOR}(${COLLECTOR})_20260321090000.mp3`, format: 'xiaomi_recording', records: 1, skipped: 0 },
    { path: `/phone/call_rec/妈妈(${FAMILY})_20260321130000.mp3`, format: 'xiaomi_recording', records: 1, skipped: 0 },
  ],
  numbers: [
    group({
      key: COLLECTOR,
      number: COLLECTOR,
      count: 2,
      recordings: 2,
      last: '2026-03-21T09:00:00+08:00',
      case: 'c-1',
      known_in: ['c-1'],
    }),
    group({ key: FAMILY, number: FAMILY, name: '妈妈', recordings: 1, first: '2026-03-21T13:00:00+08:00', last: '2026-03-21T13:00:00+08:00' }),
  ],
  problems: [{ path: '/phone/call_rec/notes.docx', code: 'not_recognised', message: 'not a format CaseFile can import' }],
};

const CASES = [
  { id: 'c-1', title: '某消费金融借款', lender: '示例消费金融' },
  { id: 'c-2', title: '某网贷', lender: '示例小贷' },
] as Case[];

function renderModal(handlers: Record<string, CoreHandler>, caseId?: string) {
  const mock = mockCore({
    case_list: () => CASES,
    'plugin:dialog|open': () => '/phone/call_rec',
    import_preview: () => PREVIEW,
    ...handlers,
  });
  const onImported = vi.fn();
  const onClose = vi.fn();
  const user = userEvent.setup({ delay: null });
  render(
    <ConfigProvider locale={zhCN}>
      <AntApp>
        <ImportModal open caseId={caseId} onClose={onClose} onImported={onImported} />
      </AntApp>
    </ConfigProvider>,
  );
  return { mock, user, onImported, onClose };
}

async function toPreview(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByTestId('import-pick-folder'));
  expect(await screen.findByTestId('import-path')).toHaveTextContent('/phone/call_rec');
  await user.click(screen.getByTestId('import-next'));
  await screen.findByTestId('import-numbers');
}

const rowOf = (key: string) => document.querySelector(`[data-testid="import-number-row"][data-key="${key}"]`) as HTMLElement;

describe('import choices', () => {
  it('pre-fill a known number with its case and leave unknown ones out until chosen', () => {
    const choices = initialChoices(PREVIEW);
    expect(choices.get(COLLECTOR)).toEqual({ kind: 'case', caseId: 'c-1' });
    expect(choices.get(FAMILY)).toEqual({ kind: 'skip' });
    const params = applyParams(['/p'], choices, 480, 'j');
    expect(params.assign).toEqual([{ number: COLLECTOR, case_id: 'c-1' }]);
    expect(params.skip).toEqual([FAMILY]);
    expect(params.utc_offset_minutes).toBe(480);
    // On a case, "every unknown number to this case" is a visible choice, never a default.
    const all = unknownTo(PREVIEW, choices, 'c-2');
    expect(all.get(FAMILY)).toEqual({ kind: 'case', caseId: 'c-2' });
    expect(all.get(COLLECTOR)).toEqual({ kind: 'case', caseId: 'c-1' });
  });
});

describe('the import dialog', { timeout: 60_000 }, () => {
  it('previews, imports the numbers as chosen (不导入 left out) and names everything in the summary', async () => {
    const { mock, user, onImported } = renderModal({
      import_apply: (a) => {
        sendOnChannel(a.onProgress, { phase: 'saving', done: 1, total: 2 });
        return {
          ...PREVIEW,
          dry_run: false,
          contacts_added: 2,
          evidence_added: 2,
          duplicates: 1,
          excluded: 1,
          cases: [{ case_id: 'c-1', contacts_added: 2, evidence_added: 2 }],
          problems: PREVIEW.problems,
        };
      },
    });
    await toPreview(user);
    const preview = mock.calls.find((c) => c.command === 'import_preview')?.args.params as ImportParams;
    expect(preview).toMatchObject({ paths: ['/phone/call_rec'], assign: [], skip: [], case_id: null, utc_offset_minutes: null });

    expect(screen.getByTestId('import-source-xiaomi_recording')).toHaveTextContent('小米/红米通话录音：3 个文件，3 条');
    const problem = screen.getByTestId('import-problem');
    expect(problem).toHaveTextContent('notes.docx');
    expect(problem).toHaveTextContent('不是能识别的格式');
    // The known number is pre-filled with its case; the unknown one is 不导入.
    expect(within(rowOf(COLLECTOR)).getByTestId(`import-choice-${COLLECTOR}`)).toHaveTextContent('某消费金融借款');
    expect(within(rowOf(FAMILY)).getByTestId(`import-choice-${FAMILY}`)).toHaveTextContent('不导入');
    expect(rowOf(FAMILY)).toHaveTextContent('妈妈');
    expect(rowOf(COLLECTOR)).toHaveTextContent('2026-03-21 09:00');
    expect(screen.getByTestId('import-chosen-count')).toHaveTextContent('将导入 2 条记录');

    await user.click(screen.getByTestId('import-apply'));
    const summary = await screen.findByTestId('import-summary');
    const sent = mock.calls.find((c) => c.command === 'import_apply')?.args.params as ImportParams;
    expect(sent.paths).toEqual(['/phone/call_rec']);
    expect(sent.assign).toEqual([{ number: COLLECTOR, case_id: 'c-1' }]);
    expect(sent.skip).toEqual([FAMILY]);
    expect(summary).toHaveTextContent('新增联系记录 2 条');
    expect(summary).toHaveTextContent('新增证据 2 件');
    expect(summary).toHaveTextContent('已经在案卷里、没有重复添加的 1 条');
    expect(summary).toHaveTextContent('按你的选择没有导入 1 条');
    expect(screen.getByTestId('import-summary-case-c-1')).toHaveTextContent('某消费金融借款：新增联系记录 2 条，证据 2 件');
    expect(within(summary).getByTestId('import-problem')).toHaveTextContent('notes.docx');
    expect(onImported).toHaveBeenCalledTimes(1);
  });

  it('lets a number be moved to another debt, and on a case puts unknown numbers there only when asked', async () => {
    const { mock, user } = renderModal({ import_apply: () => ({ ...PREVIEW, dry_run: false }) }, 'c-2');
    await toPreview(user);
    expect(screen.getByTestId(`import-choice-${FAMILY}`)).toHaveTextContent('不导入');
    await user.click(screen.getByTestId('import-unknown-to-case'));
    expect(screen.getByTestId(`import-choice-${FAMILY}`)).toHaveTextContent('某网贷');
    // The collector's number goes to 不导入 by hand.
    const select = screen.getByTestId(`import-choice-${COLLECTOR}`);
    fireEvent.mouseDown(within(select).queryByRole('combobox') ?? select);
    const options = await screen.findAllByTitle('不导入');
    await user.click(options[options.length - 1] as HTMLElement);
    expect(screen.getByTestId('import-chosen-count')).toHaveTextContent('将导入 1 条记录');
    await user.click(screen.getByTestId('import-apply'));
    await screen.findByTestId('import-summary');
    const sent = mock.calls.find((c) => c.command === 'import_apply')?.args.params as ImportParams;
    expect(sent.assign).toEqual([{ number: FAMILY, case_id: 'c-2' }]);
    expect(sent.skip).toEqual([COLLECTOR]);
  });

  it('cancels while saving: says nothing was imported and keeps the choices', async () => {
    let cancelled: (() => void) | null = null;
    const { mock, user, onImported } = renderModal({
      import_apply: (a) =>
        new Promise((_, reject) => {
          sendOnChannel(a.onProgress, { phase: 'saving', done: 1, total: 3 });
          cancelled = () => reject(new CoreFailure('cancelled'));
        }),
      job_cancel: () => {
        cancelled?.();
        return true;
      },
    });
    await toPreview(user);
    await user.click(screen.getByTestId('import-apply'));
    const progress = await screen.findByTestId('import-progress');
    await waitFor(() => expect(progress).toHaveTextContent('正在保存 1 / 3'));
    await user.click(screen.getByTestId('import-cancel'));
    expect(await screen.findByTestId('import-notice')).toHaveTextContent('已取消：什么都没有导入');
    const jobId = (mock.calls.find((c) => c.command === 'import_apply')?.args.params as ImportParams).job_id;
    expect(mock.calls.find((c) => c.command === 'job_cancel')?.args).toEqual({ jobId });
    // Back at the preview with the same choices, nothing reported as imported.
    expect(screen.getByTestId(`import-choice-${COLLECTOR}`)).toHaveTextContent('某消费金融借款');
    expect(onImported).not.toHaveBeenCalled();
  });

  it('says when a preview fails, in words, and stays on the file list', async () => {
    const { user } = renderModal({
      import_preview: () => {
        throw new CoreFailure('source_unreadable', 'cannot read /phone/call_rec');
      },
    });
    await user.click(screen.getByTestId('import-pick-folder'));
    await screen.findByTestId('import-path');
    await user.click(screen.getByTestId('import-next'));
    expect(await screen.findByTestId('import-notice')).toHaveTextContent('读取没有完成');
    expect(screen.getByTestId('import-path')).toBeInTheDocument();
  });

  it('sends the recording-name pattern of another phone, and explains one the core cannot use', async () => {
    const { mock, user } = renderModal({
      import_preview: (a) => {
        const params = a.params as ImportParams;
        if (params.pattern === '{number}') throw new CoreFailure('invalid_pattern', 'the pattern needs the call time');
        return PREVIEW;
      },
    });
    await user.click(screen.getByTestId('import-pick-folder'));
    await screen.findByTestId('import-path');
    await user.type(screen.getByTestId('import-pattern'), '{{number}');
    await user.click(screen.getByTestId('import-next'));
    const notice = await screen.findByTestId('import-notice');
    expect(notice).toHaveTextContent('这个文件名格式用不了');
    expect(notice).toHaveTextContent('{time:…}');
    expect(screen.getByTestId('import-path')).toBeInTheDocument();

    await user.clear(screen.getByTestId('import-pattern'));
    await user.type(screen.getByTestId('import-pattern'), '  通话录音-{{number}-{{time:%Y%m%d%H%M%S}  ');
    await user.click(screen.getByTestId('import-next'));
    await screen.findByTestId('import-numbers');
    const sent = mock.calls.filter((c) => c.command === 'import_preview').map((c) => (c.args.params as ImportParams).pattern);
    expect(sent).toEqual(['{number}', '通话录音-{number}-{time:%Y%m%d%H%M%S}']);
  });

  it('sends no pattern when the field is left blank', () => {
    expect(previewParams(['/p'], null, 'j', '   ').pattern).toBeNull();
    expect(applyParams(['/p'], new Map(), null, 'j').pattern).toBeNull();
  });

  it('takes files dropped on the window while open, and leaves later drops to the case evidence', async () => {
    const mock = mockCore({ case_list: () => CASES, evidence_add: () => [] });
    // The window must exist before the listeners register (getCurrentWebview reads it).
    await dropFiles([]);
    const tree = (open: boolean) => (
      <ConfigProvider locale={zhCN}>
        <AntApp>
          <EvidenceIntakeProvider caseId="c-1">
            <ImportModal open={open} caseId="c-1" onClose={() => undefined} />
          </EvidenceIntakeProvider>
        </AntApp>
      </ConfigProvider>
    );
    const { rerender } = render(tree(true));
    await waitFor(async () => {
      await dropFiles(['/phone/call_rec']);
      expect(screen.getByTestId('import-path')).toHaveTextContent('/phone/call_rec');
    });
    expect(screen.getAllByTestId('import-path')).toHaveLength(1);
    expect(mock.calls.some((c) => c.command === 'evidence_add')).toBe(false);

    rerender(tree(false));
    await dropFiles(['/phone/截图.png']);
    await waitFor(() => expect(mock.calls.some((c) => c.command === 'evidence_add')).toBe(true));
    expect(mock.calls.find((c) => c.command === 'evidence_add')?.args.params).toMatchObject({ paths: ['/phone/截图.png'] });
  });
});
