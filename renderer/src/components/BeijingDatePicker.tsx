import dayjsGenerateConfig from '@rc-component/picker/es/generate/dayjs';
import { DatePicker } from 'antd';
import { beijingNowPicker } from '../beijing-picker';

/**
 * antd's DatePicker whose "now" is the Beijing wall clock (see beijing-picker.ts): the highlighted today, the 此刻 button, the
 * month it opens on and the time filled in when only a day is clicked all follow Beijing, not the PC's zone.
 */
export const BeijingDatePicker = DatePicker.generatePicker({ ...dayjsGenerateConfig, getNow: () => beijingNowPicker() });
