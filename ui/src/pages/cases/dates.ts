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
