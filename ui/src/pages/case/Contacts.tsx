import { Alert, Button, Flex } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { core, errorText } from '../../platform';
import type { CheckedContact, ContactFrequency, Evidence, ViolationSummary } from '../../platform';
import ContactsTable from '../contacts/ContactsTable';
import FrequencyChart from '../contacts/FrequencyChart';
import QuickForm from '../contacts/QuickForm';
import { lastNumber, newestFirst } from '../contacts/time';
import ViolationsPanel from '../contacts/ViolationsPanel';

/**
 * 联系记录 — the quick contact form, the contact-frequency chart, the log with flagged violations,
 * and the 违规汇总 panel.
 */
export default function Contacts({ caseId }: { caseId: string }) {
  const { t } = useTranslation(['contacts', 'enums']);
  const { t: tc } = useTranslation();
  const [contacts, setContacts] = useState<CheckedContact[]>([]);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [summary, setSummary] = useState<ViolationSummary | null>(null);
  const [summaryError, setSummaryError] = useState<string | null>(null);
  const [evidence, setEvidence] = useState<Evidence[]>([]);
  const [frequency, setFrequency] = useState<ContactFrequency | null>(null);
  const [frequencyError, setFrequencyError] = useState<string | null>(null);

  const loadContacts = useCallback(async () => {
    try {
      setContacts(await core.contactList(caseId));
      setLoadError(null);
    } catch (e) {
      setLoadError(errorText(e, tc));
    } finally {
      setLoading(false);
    }
  }, [caseId, tc]);

  const loadSummary = useCallback(async () => {
    try {
      setSummary(await core.violations(caseId));
      setSummaryError(null);
    } catch (e) {
      setSummaryError(errorText(e, tc));
    }
  }, [caseId, tc]);

  const loadFrequency = useCallback(async () => {
    try {
      setFrequency(await core.contactFrequency(caseId));
      setFrequencyError(null);
    } catch (e) {
      setFrequencyError(errorText(e, tc));
    }
  }, [caseId, tc]);

  useEffect(() => {
    let live = true;
    core.contactList(caseId).then(
      (list) => {
        if (!live) return;
        setContacts(list);
        setLoadError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setLoadError(errorText(e, tc));
        setLoading(false);
      },
    );
    core.violations(caseId).then(
      (next) => {
        if (live) setSummary(next);
      },
      (e: unknown) => {
        if (live) setSummaryError(errorText(e, tc));
      },
    );
    core.contactFrequency(caseId).then(
      (next) => {
        if (live) setFrequency(next);
      },
      (e: unknown) => {
        if (live) setFrequencyError(errorText(e, tc));
      },
    );
    // Evidence feeds the "linked evidence" picker and the recordings contacts link to: without
    // it the form and the log still work.
    core.evidenceList(caseId).then(
      (list) => {
        if (live) setEvidence(list);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [caseId, tc]);

  const sorted = useMemo(() => newestFirst(contacts), [contacts]);
  const remembered = useMemo(() => lastNumber(contacts), [contacts]);

  const onSaved = (saved: CheckedContact) => {
    // Show it at once; the reload then brings flags that depend on other contacts (call counts).
    setContacts((list) => [...list.filter((c) => c.id !== saved.id), saved]);
    void loadContacts();
    void loadSummary();
    void loadFrequency();
  };

  return (
    <Flex vertical gap={16} data-testid="case-tab-contacts" data-case-id={caseId}>
      <QuickForm caseId={caseId} lastNumber={remembered} evidence={evidence} onSaved={onSaved} />
      {loadError && (
        <Alert
          type="warning"
          showIcon
          title={t('form.loadError', { error: loadError })}
          action={
            <Button size="small" onClick={() => void loadContacts()} data-testid="contacts-retry">
              {t('form.retry')}
            </Button>
          }
          data-testid="contacts-error"
        />
      )}
      <FrequencyChart frequency={frequency} error={frequencyError} />
      <ContactsTable
        contacts={sorted}
        loading={loading}
        evidence={evidence}
        caseId={caseId}
        onWithdrawn={async () => {
          await Promise.all([loadContacts(), loadSummary(), loadFrequency()]);
        }}
      />
      <ViolationsPanel summary={summary} contacts={contacts} error={summaryError} />
    </Flex>
  );
}
