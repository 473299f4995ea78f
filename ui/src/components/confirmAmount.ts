//! Saving with the core's plausibility check: an amount far above the usual (or a payment above
//! what remains) comes back as `needs_confirmation`; the user is asked, and only a yes saves it.

import type { ModalStaticFunctions } from 'antd/es/modal/confirm';
import type { TFunction } from 'i18next';
import { toCoreError } from '../platform';

type Modal = Pick<ModalStaticFunctions, 'confirm'>;

/** Asks "is this amount right?"; resolves true only on the confirm button. */
export function askToConfirmAmount(modal: Modal, t: TFunction): Promise<boolean> {
  return new Promise((resolve) => {
    modal.confirm({
      title: t('confirmAmount.title'),
      content: t('confirmAmount.body'),
      okText: t('confirmAmount.ok'),
      cancelText: t('confirmAmount.cancel'),
      onOk: () => resolve(true),
      onCancel: () => resolve(false),
      okButtonProps: { ...({ 'data-testid': 'confirm-amount-ok' } as Record<string, string>) },
      cancelButtonProps: { ...({ 'data-testid': 'confirm-amount-cancel' } as Record<string, string>) },
    });
  });
}

/**
 * Runs `save(false)`; when the core answers `needs_confirmation`, asks, and on a yes runs
 * `save(true)`. Resolves `null` when the user says no (nothing was saved); other errors throw.
 */
export async function saveConfirmingAmounts<T>(
  save: (confirm: boolean) => Promise<T>,
  modal: Modal,
  t: TFunction,
): Promise<T | null> {
  try {
    return await save(false);
  } catch (e) {
    if (toCoreError(e).code !== 'needs_confirmation') throw e;
  }
  if (!(await askToConfirmAmount(modal, t))) return null;
  return save(true);
}
