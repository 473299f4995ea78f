//! The frame around every page once the vault is open: the sidebar with the four sections, the top
//! bar with the lock button and the language switch, and the scrolling content area.

import {
  CalendarOutlined,
  DashboardOutlined,
  FolderOpenOutlined,
  LockOutlined,
  SafetyCertificateFilled,
  SettingOutlined,
} from '@ant-design/icons';
import { Button, Layout, Menu, Space, Tag, Tooltip } from 'antd';
import type { MenuProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import LanguageSwitch from '../components/LanguageSwitch';
import { useActivityHeartbeat } from '../platform';
import { useVaultSession } from '../vault/session';
import MessageArea from './MessageArea';

const SECTIONS = [
  { path: '/', key: 'dashboard', icon: <DashboardOutlined /> },
  { path: '/cases', key: 'cases', icon: <FolderOpenOutlined /> },
  { path: '/deadlines', key: 'deadlines', icon: <CalendarOutlined /> },
  { path: '/settings', key: 'settings', icon: <SettingOutlined /> },
] as const;

type Section = (typeof SECTIONS)[number];

function sectionFor(pathname: string): Section | undefined {
  if (pathname === '/' || pathname === '') return SECTIONS[0];
  return SECTIONS.find((s) => s.path !== '/' && (pathname === s.path || pathname.startsWith(`${s.path}/`)));
}

export default function AppShell() {
  useActivityHeartbeat();
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const { sample, lock } = useVaultSession();
  const [locking, setLocking] = useState(false);
  const current = sectionFor(pathname);

  const items: MenuProps['items'] = SECTIONS.map((s) => ({
    key: s.path,
    icon: s.icon,
    label: <span data-testid={`nav-${s.key}`}>{t(`nav.${s.key}`)}</span>,
  }));

  const onLock = async () => {
    setLocking(true);
    try {
      await lock();
    } finally {
      setLocking(false);
    }
  };

  return (
    <Layout className="app-layout">
      <Layout.Sider width={200} className="app-sider">
        <div className="app-brand">
          <span className="app-brand-mark">
            <SafetyCertificateFilled />
          </span>
          <span>{t('app.name')}</span>
        </div>
        <nav aria-label={t('nav.menu')}>
          <Menu
            mode="inline"
            items={items}
            selectedKeys={current ? [current.path] : []}
            onClick={({ key }) => void navigate(key)}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header className="app-header">
          <div className="app-header-title" data-testid="page-title">
            {current ? t(`nav.${current.key}`) : ''}
          </div>
          <Space size={8}>
            {sample && (
              <Tooltip title={t('vault.sampleTooltip')}>
                <Tag color="gold" data-testid="sample-tag">
                  {t('vault.sampleTag')}
                </Tag>
              </Tooltip>
            )}
            <LanguageSwitch />
            <Tooltip title={t('topbar.lockTooltip')}>
              <Button icon={<LockOutlined />} loading={locking} onClick={() => void onLock()} data-testid="lock-button">
                {t('topbar.lock')}
              </Button>
            </Tooltip>
          </Space>
        </Layout.Header>
        <MessageArea>
          <Layout.Content className="app-content">
            <div className="page">
              <Outlet />
            </div>
          </Layout.Content>
        </MessageArea>
      </Layout>
    </Layout>
  );
}
