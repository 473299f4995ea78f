//! Whose name goes on a document: the profile's name and (masked) ID number, or which of them
//! are missing and a link to 设置 where they are entered once.

import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useInRouterContext } from 'react-router';
import type { Profile } from '../platform';
import { maskIdNumber } from './useProfile';

export default function ProfileNote({ profile }: { profile: Profile | null | undefined }) {
  const { t } = useTranslation();
  const routed = useInRouterContext();
  if (profile === undefined) return null;
  const missing = [
    !profile?.name && t('settings.profile.name'),
    !profile?.id_number && t('settings.profile.idNumber'),
    !profile?.phone && t('settings.profile.phone'),
  ].filter((s): s is string => Boolean(s));
  const who = profile?.name
    ? t('profileNote.who', {
        name: profile.name,
        id: profile.id_number ? maskIdNumber(profile.id_number) : t('profileNote.noId'),
      })
    : null;
  return (
    <Alert
      type={missing.length === 0 ? 'success' : 'info'}
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="profile-note"
      title={who ?? t('profileNote.none')}
      description={
        missing.length > 0 ? (
          <span>
            {t('profileNote.missing', { list: missing.join(t('profileNote.separator')) })}{' '}
            {routed ? (
              <Link to="/settings" data-testid="profile-note-link">
                {t('profileNote.link')}
              </Link>
            ) : (
              t('profileNote.link')
            )}
          </span>
        ) : undefined
      }
    />
  );
}
