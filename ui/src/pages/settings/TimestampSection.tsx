import { CheckCircleOutlined, ClockCircleOutlined, FileProtectOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Input, Radio, Space, Switch, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatLocalDateTime } from '../../lib/format';
import { chooseFile, core, errorText, useTimestampUpdates } from '../../platform';
import type { KnownService, TimestampStatus, TsaTestResult, TimestampSettings } from '../../platform';
import { baseName } from '../evidence/logic';
import { choiceFor, CUSTOM, looksLikeServiceUrl } from './timestamp';

/**
 * 可信时间戳: what is sent (said before the first request), which service, an extra trusted
 * root, a 测试 button that makes one real request of a random digest and stores nothing, the
 * on/automatic switches (off until the user turns them on) and the last attempt, calmly.
 */
export default function TimestampSection() {
  const { t } = useTranslation();
  const { t: te } = useTranslation('enums');
  const { message } = App.useApp();
  const [services, setServices] = useState<KnownService[]>([]);
  const [status, setStatus] = useState<TimestampStatus | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [choice, setChoice] = useState('');
  const [custom, setCustom] = useState('');
  const [rootPath, setRootPath] = useState<string | null>(null);
  const [busy, setBusy] = useState<'test' | 'save' | 'switch' | null>(null);
  const [test, setTest] = useState<TsaTestResult | null>(null);
  const [urlError, setUrlError] = useState(false);

  const [reload, setReload] = useState(0);

  useEffect(() => {
    let gone = false;
    Promise.all([core.timestampServices(), core.timestampStatus()])
      .then(([list, st]) => {
        if (gone) return;
        setServices(list);
        setStatus(st);
        setLoadError(null);
        const c = choiceFor(st.tsa_url, list);
        setChoice((old) => old || c);
        if (c === CUSTOM && st.tsa_url) setCustom((old) => old || (st.tsa_url ?? ''));
      })
      .catch((e: unknown) => {
        if (!gone) setLoadError(errorText(e, t));
      });
    return () => {
      gone = true;
    };
  }, [reload, t]);
  useTimestampUpdates(() => setReload((n) => n + 1));

  const chosenUrl = (): string | null => {
    if (choice === CUSTOM) return custom.trim() === '' ? null : custom.trim();
    return services.find((s) => s.code === choice)?.url ?? null;
  };

  /** The chosen address, or null after telling the user what is missing. */
  const checkedUrl = (): string | null => {
    const url = chosenUrl();
    if (!url) {
      void message.warning(t('settings.timestamp.chooseServiceFirst'));
      return null;
    }
    if (!looksLikeServiceUrl(url)) {
      setUrlError(true);
      return null;
    }
    setUrlError(false);
    return url;
  };

  const save = async (change: TimestampSettings, kind: 'save' | 'switch') => {
    setBusy(kind);
    try {
      const next = await core.timestampConfigure(change);
      setStatus(next);
      if (change.root_path) setRootPath(null);
      if (kind === 'save') void message.success(t('settings.timestamp.saved'));
    } catch (e) {
      void message.error(errorText(e, t), 6);
    } finally {
      setBusy(null);
    }
  };

  const runTest = async () => {
    const url = checkedUrl();
    if (!url) return;
    setBusy('test');
    setTest(null);
    try {
      setTest(await core.timestampTest(url, rootPath));
    } catch (e) {
      void message.error(errorText(e, t), 6);
    } finally {
      setBusy(null);
    }
  };

  const pickRoot = async () => {
    try {
      const picked = await chooseFile(t('settings.timestamp.rootChooseTitle'), t('settings.timestamp.rootFilter'), [
        'pem',
        'crt',
        'cer',
        'der',
      ]);
      if (picked) setRootPath(picked);
    } catch (e) {
      void message.error(errorText(e, t), 6);
    }
  };

  const saveChoice = () => {
    const url = checkedUrl();
    if (!url) return;
    void save({ enabled: null, auto: null, tsa_url: url, root_path: rootPath }, 'save');
  };

  const setEnabled = (on: boolean) => {
    if (on && !status?.tsa_url) {
      // Turning on needs a service: the chosen one is saved with the switch.
      const url = checkedUrl();
      if (!url) return;
      void save({ enabled: true, auto: null, tsa_url: url, root_path: rootPath }, 'switch');
      return;
    }
    void save({ enabled: on, auto: null, tsa_url: null, root_path: null }, 'switch');
  };

  if (loadError) {
    return (
      <Card title={t('settings.timestamp.title')} data-testid="settings-timestamp">
        <Alert type="warning" showIcon title={loadError} />
      </Card>
    );
  }

  const firstUse = status !== null && !status.enabled && status.batches === 0 && !status.last_attempt;
  const time = (v: string | null) => (v ? formatDateTime(v) : t('settings.timestamp.never'));

  return (
    <Card title={t('settings.timestamp.title')} data-testid="settings-timestamp">
      <Typography.Paragraph type="secondary">{t('settings.timestamp.lead')}</Typography.Paragraph>

      {firstUse ? (
        <Alert
          type="info"
          showIcon
          data-testid="timestamp-privacy"
          title={t('settings.timestamp.privacyTitle')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              <li>{t('settings.timestamp.privacy1')}</li>
              <li>{t('settings.timestamp.privacy2')}</li>
              <li>{t('settings.timestamp.privacy3')}</li>
            </ul>
          }
          style={{ marginBottom: 16 }}
        />
      ) : (
        <Typography.Paragraph type="secondary" data-testid="timestamp-privacy-short">
          {t('settings.timestamp.privacyShort')}
        </Typography.Paragraph>
      )}

      <Typography.Title level={5}>{t('settings.timestamp.service')}</Typography.Title>
      <Radio.Group
        value={choice}
        onChange={(e) => {
          setChoice(e.target.value as string);
          setTest(null);
          setUrlError(false);
        }}
        data-testid="timestamp-service"
      >
        <Space orientation="vertical">
          {services.map((s) => (
            <Radio key={s.code} value={s.code} data-testid={`timestamp-service-${s.code}`}>
              <strong>{s.name}</strong> <Typography.Text code>{s.url}</Typography.Text>
              {!s.tested && (
                <div>
                  <Tag color="default" data-testid="timestamp-untested">
                    {t('settings.timestamp.untested')}
                  </Tag>
                </div>
              )}
              {s.root_published_at && (
                <div>
                  <Typography.Text type="secondary">
                    {t('settings.timestamp.rootPublished', { url: s.root_published_at })}
                  </Typography.Text>
                </div>
              )}
            </Radio>
          ))}
          <Radio value={CUSTOM} data-testid="timestamp-service-custom">
            {t('settings.timestamp.custom')}
          </Radio>
        </Space>
      </Radio.Group>
      {choice === CUSTOM && (
        <div style={{ marginTop: 8 }}>
          <Input
            data-testid="timestamp-custom-url"
            aria-label={t('settings.timestamp.custom')}
            value={custom}
            placeholder={t('settings.timestamp.customPlaceholder')}
            status={urlError ? 'error' : undefined}
            onChange={(e) => {
              setCustom(e.target.value);
              setUrlError(false);
            }}
            spellCheck={false}
          />
          {urlError && <Typography.Text type="danger">{t('settings.timestamp.badUrl')}</Typography.Text>}
        </div>
      )}

      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('settings.timestamp.root')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('settings.timestamp.rootHint')}</Typography.Paragraph>
      <Space wrap>
        <Button icon={<FileProtectOutlined />} onClick={() => void pickRoot()} data-testid="timestamp-root-choose">
          {t('settings.timestamp.rootChoose')}
        </Button>
        {rootPath && (
          <Typography.Text data-testid="timestamp-root-chosen">
            {t('settings.timestamp.rootChosen', { name: baseName(rootPath) })}
          </Typography.Text>
        )}
      </Space>
      {status && status.roots.length > 0 && (
        <div style={{ marginTop: 8 }} data-testid="timestamp-roots">
          <Typography.Text strong>{t('settings.timestamp.rootsSaved')}</Typography.Text>
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {status.roots.map((r) => (
              <li key={r.sha256}>
                {r.subject}
                <br />
                <Typography.Text type="secondary" style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
                  {t('settings.timestamp.rootFingerprint', { sha256: r.sha256 })}
                </Typography.Text>
              </li>
            ))}
          </ul>
        </div>
      )}

      <Space style={{ marginTop: 16 }}>
        <Button onClick={() => void runTest()} loading={busy === 'test'} data-testid="timestamp-test">
          {busy === 'test' ? t('settings.timestamp.testing') : t('settings.timestamp.test')}
        </Button>
        <Button type="primary" onClick={saveChoice} loading={busy === 'save'} data-testid="timestamp-save">
          {t('settings.timestamp.save')}
        </Button>
      </Space>

      {test && !test.failure && (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="timestamp-test-result"
          data-result="ok"
          title={t('settings.timestamp.testOk', {
            name: test.tsa_name ?? test.tsa_url,
            time: test.gen_time ? formatLocalDateTime(test.gen_time) : '—',
          })}
          description={t('settings.timestamp.testOkHint')}
        />
      )}
      {test?.failure && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="timestamp-test-result"
          data-result={test.failure.problem}
          title={`${t('settings.timestamp.testFailed')}：${te(`tsaProblem.${test.failure.problem}`)}`}
          description={t('settings.timestamp.details', { detail: test.failure.detail })}
        />
      )}

      <Flex vertical gap={8} style={{ marginTop: 20 }}>
        <Space align="start">
          <Switch
            id="timestamp-enabled"
            data-testid="timestamp-enabled"
            checked={status?.enabled ?? false}
            loading={busy === 'switch'}
            disabled={status === null}
            onChange={setEnabled}
          />
          <div>
            <label htmlFor="timestamp-enabled">{t('settings.timestamp.enabled')}</label>
            <div>
              <Typography.Text type="secondary">{t('settings.timestamp.enabledHint')}</Typography.Text>
            </div>
          </div>
        </Space>
        <Space align="start">
          <Switch
            id="timestamp-auto"
            data-testid="timestamp-auto"
            checked={status?.auto ?? false}
            disabled={!status?.enabled}
            onChange={(on) => void save({ enabled: null, auto: on, tsa_url: null, root_path: null }, 'switch')}
          />
          <div>
            <label htmlFor="timestamp-auto">{t('settings.timestamp.auto')}</label>
            <div>
              <Typography.Text type="secondary">{t('settings.timestamp.autoHint')}</Typography.Text>
            </div>
          </div>
        </Space>
      </Flex>

      {status && (status.enabled || status.last_attempt) && (
        <div style={{ marginTop: 16 }} data-testid="timestamp-status">
          <Typography.Title level={5}>{t('settings.timestamp.statusTitle')}</Typography.Title>
          <Flex vertical gap={2}>
            <Typography.Text>
              <ClockCircleOutlined style={{ marginInlineEnd: 6 }} />
              {status.pending_items > 0
                ? t('settings.timestamp.pending', { count: status.pending_items })
                : t('settings.timestamp.pendingNone')}
            </Typography.Text>
            <Typography.Text type="secondary">{t('settings.timestamp.batches', { count: status.batches })}</Typography.Text>
            <Typography.Text type="secondary" data-testid="timestamp-last-attempt">
              {t('settings.timestamp.lastAttempt', { time: time(status.last_attempt) })}
            </Typography.Text>
            <Typography.Text type="secondary" data-testid="timestamp-last-success">
              {status.last_success && <CheckCircleOutlined style={{ marginInlineEnd: 6, color: '#389e0d' }} />}
              {t('settings.timestamp.lastSuccess', { time: time(status.last_success) })}
            </Typography.Text>
            {status.last_error && (
              <div data-testid="timestamp-last-error" data-problem={status.last_error.problem}>
                <Typography.Text>
                  {t('settings.timestamp.lastError', { problem: te(`tsaProblem.${status.last_error.problem}`) })}
                </Typography.Text>
                <div>
                  <Typography.Text type="secondary">{t('settings.timestamp.lastErrorRetry')}</Typography.Text>
                </div>
              </div>
            )}
          </Flex>
        </div>
      )}
    </Card>
  );
}
