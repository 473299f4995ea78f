//! Where the pages' messages and notices appear: a strip below the page, in the layout's own
//! flow, so a "已保存" or a flag notice never covers the header, the 下一步 card or a table.
//! They are dismissed when the user goes to another page (or tab), so they never follow them.

import { App as AntApp } from 'antd';
import { useCallback, useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { useLocation } from 'react-router';

function DismissOnRouteChange() {
  const { message, notification } = AntApp.useApp();
  const { pathname } = useLocation();
  useEffect(() => {
    message.destroy();
    notification.destroy();
  }, [pathname, message, notification]);
  return null;
}

export default function MessageArea({ children }: { children: ReactNode }) {
  const strip = useRef<HTMLDivElement>(null);
  // Stable: the notification holder asks for its container after every render.
  const getContainer = useCallback(() => strip.current ?? document.body, []);
  return (
    <>
      <AntApp component={false} message={{ maxCount: 3, getContainer }} notification={{ getContainer, maxCount: 3 }}>
        <DismissOnRouteChange />
        {children}
      </AntApp>
      <div ref={strip} className="app-messages" role="status" aria-live="polite" data-testid="app-messages" />
    </>
  );
}
