import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App as AntApp, Button } from 'antd';
import { Link, MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import MessageArea from './MessageArea';

function Page() {
  const { message, notification } = AntApp.useApp();
  return (
    <>
      <Button onClick={() => void message.success('已保存')}>save</Button>
      <Button onClick={() => notification.warning({ title: '这条联系有违规', duration: 0 })}>flag</Button>
      <Link to="/other">other</Link>
    </>
  );
}

function renderShell() {
  render(
    <AntApp>
      <MemoryRouter initialEntries={['/page']}>
        <div data-testid="header">header</div>
        <MessageArea>
          <Routes>
            <Route path="/page" element={<Page />} />
            <Route path="/other" element={<div>other page</div>} />
          </Routes>
        </MessageArea>
      </MemoryRouter>
    </AntApp>,
  );
  return userEvent.setup({ delay: null });
}

describe('messages and notices', { timeout: 60_000 }, () => {
  it('appear in the strip below the page, not over it', async () => {
    const user = renderShell();
    await user.click(screen.getByText('save'));
    await user.click(screen.getByText('flag'));
    const strip = screen.getByTestId('app-messages');
    expect(await within(strip).findByText('已保存')).toBeInTheDocument();
    expect(await within(strip).findByText('这条联系有违规')).toBeInTheDocument();
    // The strip comes after the page in the layout's flow.
    expect(screen.getByTestId('header').compareDocumentPosition(strip) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('do not follow the user to another page', async () => {
    const user = renderShell();
    await user.click(screen.getByText('save'));
    await user.click(screen.getByText('flag'));
    const strip = screen.getByTestId('app-messages');
    const flag = await within(strip).findByText('这条联系有违规');
    expect(flag.closest('[class*="-leave"]')).toBeNull();
    await user.click(screen.getByText('other'));
    expect(await screen.findByText('other page')).toBeInTheDocument();
    // Gone, or on their way out (jsdom never ends the leave animation).
    const goneOrLeaving = (text: string) => {
      const el = within(strip).queryByText(text);
      return el === null || el.closest('[class*="-leave"]') !== null;
    };
    await waitFor(() => {
      expect(goneOrLeaving('已保存')).toBe(true);
      expect(goneOrLeaving('这条联系有违规')).toBe(true);
    });
  });
});
