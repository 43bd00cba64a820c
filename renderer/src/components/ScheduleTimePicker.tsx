import type { CSSProperties } from 'react';
import { beijingPickerValue, isBeforeBeijingToday, isoFromBeijingPicker } from '../beijing-picker';
import { BeijingDatePicker } from './BeijingDatePicker';

/**
 * The Beijing minute a campaign is sent at (schedule, 改时间, 已错过 → 改期): ISO UTC in and out, days before Beijing's
 * today cannot be picked.
 */
export function ScheduleTimePicker({
  value,
  onChange,
  placeholder,
  style,
  status,
  'data-testid': testId,
}: {
  value: string | null;
  onChange(iso: string | null): void;
  placeholder: string;
  style?: CSSProperties;
  status?: 'error';
  'data-testid'?: string;
}) {
  return (
    <BeijingDatePicker
      showTime={{ format: 'HH:mm' }}
      format="YYYY-MM-DD HH:mm"
      value={beijingPickerValue(value)}
      onChange={(d) => onChange(d ? isoFromBeijingPicker(d) : null)}
      disabledDate={(d) => isBeforeBeijingToday(d)}
      placeholder={placeholder}
      style={style}
      status={status}
      data-testid={testId}
    />
  );
}
