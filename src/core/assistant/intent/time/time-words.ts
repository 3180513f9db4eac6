/** Words of time and duration, so the segmenter knows them and they are never taken for names. */

/** Unit words → milliseconds. */
export const unitMs: Readonly<Record<string, number>> = {
  ms: 1, millisecond: 1, milliseconds: 1,
  s: 1_000, sec: 1_000, secs: 1_000, second: 1_000, seconds: 1_000, 秒: 1_000, 秒钟: 1_000,
  m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000, 分: 60_000, 分钟: 60_000,
  h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000, 小时: 3_600_000, 个小时: 3_600_000, 钟头: 3_600_000, 个钟头: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000, 天: 86_400_000, 日: 86_400_000,
  w: 604_800_000, wk: 604_800_000, wks: 604_800_000, week: 604_800_000, weeks: 604_800_000, 周: 604_800_000, 星期: 604_800_000, 个星期: 604_800_000, 礼拜: 604_800_000, 个礼拜: 604_800_000,
};

export const timeWords: readonly string[] = [
  'today', 'yesterday', 'tonight', 'morning', 'afternoon', 'evening', 'night', 'overnight', 'noon', 'midnight',
  'am', 'pm', "o'clock", 'oclock', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'mon', 'tue', 'tues', 'wed', 'thu', 'thurs', 'fri', 'sat', 'sun', 'week', 'hour', 'day', 'minute', 'half',
  '今天', '今日', '昨天', '昨日', '前天', '昨晚', '昨夜', '今早', '今晨', '今晚', '早上', '上午', '中午', '下午', '晚上', '夜里', '夜间',
  '凌晨', '半夜', '点', '点钟', '点半', '号', '内', '以内', '之内', '早晨', '傍晚', '昨天晚上', '昨天早上', '昨天下午', '今天早上', '今天上午', '今天下午', '今天晚上',
  '周一', '周二', '周三', '周四', '周五', '周六', '周日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日', '星期天',
  // Single letters (h, m, d) are units only after a number: the duration reader knows them.
  ...Object.keys(unitMs).filter((unit) => unit.length > 1),
];
