//! Dates in forms: antd's DatePicker works with dayjs, the core with 'YYYY-MM-DD' strings.
//! Spread `dateItemProps` on a Form.Item so the form value stays a plain string ('' when empty).

import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';

export const DATE_FORMAT = 'YYYY-MM-DD';

export const dateItemProps = {
  getValueProps: (value: unknown) => ({
    value: typeof value === 'string' && value !== '' ? dayjs(value, DATE_FORMAT) : null,
  }),
  normalize: (value: Dayjs | null | undefined) => (value ? value.format(DATE_FORMAT) : ''),
};

/**
 * Spread on a DatePicker inside a form: Enter confirms the typed date (the picker takes it
 * first) and does not submit the whole dialog half-filled. Enter in other fields still submits.
 */
export const datePickerProps = {
  onKeyDown: (e: { key: string; preventDefault: () => void }) => {
    if (e.key === 'Enter') e.preventDefault();
  },
};
