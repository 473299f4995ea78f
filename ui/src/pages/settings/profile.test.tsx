import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { describe, expect, it } from 'vitest';
import type { Profile } from '../../platform';
import { mockCore } from '../../platform/testing';
import ProfileSection from './ProfileSection';
import { idNumberProblem, normaliseIdNumber } from './profile';

describe('the ID number check', () => {
  it('accepts a valid number in any width and case, and names the problem otherwise', () => {
    expect(idNumberProblem('11010519491231002X')).toBeNull();
    expect(normaliseIdNumber(' １１０１０５１９４９１２３１００２ｘ ')).toBe('11010519491231002X');
    expect(idNumberProblem('１１０１０５１９４９１２３１００２ｘ')).toBeNull();
    expect(idNumberProblem('')).toBeNull();
    expect(idNumberProblem('110105194912310021')).toBe('check');
    expect(idNumberProblem('1101051949123100')).toBe('shape');
    expect(idNumberProblem('11010519491231002Y')).toBe('shape');
  });
});

describe('我的信息 in the settings', { timeout: 60_000 }, () => {
  it('shows the saved profile, refuses a mistyped ID number and saves the corrected one', async () => {
    let stored: Profile = { name: '李四', id_number: null, phone: '13800000000', address: null };
    const mock = mockCore({
      profile_get: () => stored,
      profile_set: (args) => {
        stored = args.profile as Profile;
        return stored;
      },
    });
    const user = userEvent.setup({ delay: null });
    render(
      <ConfigProvider locale={zhCN}>
        <AntApp>
          <ProfileSection />
        </AntApp>
      </ConfigProvider>,
    );
    expect(await screen.findByTestId('profile-name')).toHaveValue('李四');
    expect(screen.getByTestId('profile-phone')).toHaveValue('13800000000');

    const id = screen.getByTestId('profile-id-number');
    await user.click(id);
    await user.paste('110105194912310021');
    await user.click(screen.getByTestId('profile-save'));
    expect(await screen.findByText(/可能有一位输错了/)).toBeInTheDocument();
    expect(mock.calls.filter((c) => c.command === 'profile_set')).toHaveLength(0);

    await user.clear(id);
    await user.paste('11010519491231002x');
    await user.click(screen.getByTestId('profile-save'));
    await waitFor(() => expect(mock.calls.filter((c) => c.command === 'profile_set')).toHaveLength(1));
    expect(mock.calls.find((c) => c.command === 'profile_set')?.args.profile).toEqual({
      name: '李四',
      id_number: '11010519491231002X',
      phone: '13800000000',
      address: null,
    });
  });
});
