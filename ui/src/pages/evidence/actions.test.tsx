import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App as AntApp } from 'antd';
import { describe, expect, it, vi } from 'vitest';
import { CoreError } from '../../platform';
import type { Exported } from '../../platform';
import { mockCore } from '../../platform/testing';
import Export from '../case/Export';
import ExportCard from './ExportCard';
import type { ExportRequest } from './ExportCard';

const exported: Exported = {
  path: '/home/li/投诉材料.pdf',
  sha256: 'ef'.repeat(32),
  size: 54321,
  exhibits: 2,
  pages: 4,
  warnings: [],
  encrypted: false,
};

describe('投诉材料 and 报警材料 cards', () => {
  it('sends the complaint to the chosen body and shows where it was saved', async () => {
    const requests: ExportRequest[] = [];
    const run = vi.fn((r: ExportRequest) => {
      requests.push(r);
      return Promise.resolve(exported);
    });
    const user = userEvent.setup();
    render(
      <AntApp>
        <ExportCard kind="complaint" items={3} defaultName="投诉材料_测试_2026-12-01.pdf" run={run} />
      </AntApp>,
    );
    const card = screen.getByTestId('export-complaint-card');
    // What it is for, and that the user files it: one calm sentence.
    expect(card).toHaveTextContent('由您自己向所选机构提交');
    expect(screen.getByTestId('export-complaint-items')).toHaveTextContent('将写入 3 条违规记录');
    // The regulator (12378) first, then the central bank (12363) and the association.
    const options = screen.getAllByRole('radio').map((r) => r.closest('label')?.textContent ?? '');
    expect(options[0]).toContain('12378');
    expect(options[1]).toContain('12363');
    expect(options[2]).toContain('中国互联网金融协会');
    expect(screen.getByTestId('export-complaint-to-hint')).toHaveTextContent('消费金融公司');

    await user.click(screen.getByText(/中国人民银行/));
    expect(screen.getByTestId('export-complaint-to-hint')).toHaveTextContent('征信');
    await user.type(screen.getByTestId('export-complaint-path'), '/home/li/投诉材料.pdf');
    await user.click(screen.getByTestId('export-complaint-submit'));

    expect(await screen.findByTestId('export-result-path')).toHaveTextContent('/home/li/投诉材料.pdf');
    expect(requests.map((r) => [r.path, r.complaintTo, r.lang])).toEqual([['/home/li/投诉材料.pdf', 'central_bank', 'zh']]);
  });

  it('says what to record instead of making an empty complaint or police report', () => {
    const run = vi.fn();
    render(
      <AntApp>
        <ExportCard kind="complaint" items={0} defaultName="投诉材料.pdf" run={run} />
        <ExportCard kind="police" items={0} defaultName="报警材料.pdf" run={run} />
      </AntApp>,
    );
    expect(screen.getByTestId('export-complaint-empty')).toHaveTextContent('联系记录里还没有标出违规');
    expect(screen.getByTestId('export-police-empty')).toHaveTextContent('没有标出威胁');
    expect(screen.queryByTestId('export-complaint-submit')).toBeNull();
    expect(screen.queryByTestId('export-police-submit')).toBeNull();
    expect(run).not.toHaveBeenCalled();
  });

  it('shows a refused police report’s error in Chinese', async () => {
    const user = userEvent.setup();
    render(
      <AntApp>
        <ExportCard kind="police" items={1} defaultName="报警材料.pdf" run={() => Promise.reject(new CoreError('disk_full', ''))} />
      </AntApp>,
    );
    expect(screen.getByTestId('export-police-card')).toHaveTextContent('第50条第2款');
    expect(screen.queryByTestId('export-complaint-to')).toBeNull();
    await user.type(screen.getByTestId('export-police-path'), '/tmp/报警材料.pdf');
    await user.click(screen.getByTestId('export-police-submit'));
    expect(await screen.findByTestId('export-police-error')).toHaveTextContent('磁盘空间不足');
  });

  it('the export tab asks the core what each pack would hold and runs export_action', async () => {
    const mock = mockCore({
      case_list: () => [],
      export_action_items: () => ({ complaint: 2, police: 0 }),
      export_action: () => exported,
    });
    const user = userEvent.setup();
    render(
      <AntApp>
        <Export caseId="c1" />
      </AntApp>,
    );
    expect(await screen.findByTestId('export-police-empty')).toBeInTheDocument();
    expect(screen.getByTestId('export-complaint-items')).toHaveTextContent('2');
    await user.type(screen.getByTestId('export-complaint-path'), '/home/li/投诉材料.pdf');
    await user.click(screen.getByTestId('export-complaint-submit'));
    expect(await screen.findByTestId('export-result-path')).toHaveTextContent('/home/li/投诉材料.pdf');
    await waitFor(() => expect(mock.calls.some((c) => c.command === 'export_action')).toBe(true));
    const call = mock.calls.find((c) => c.command === 'export_action');
    expect((call?.args as { params: unknown }).params).toMatchObject({
      case_id: 'c1',
      action: { kind: 'complaint', to: 'regulator' },
      path: '/home/li/投诉材料.pdf',
      overwrite: false,
      lang: 'zh',
    });
  });
});
