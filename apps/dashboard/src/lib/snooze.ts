import { fill, type Strings } from '../i18n/i18n';
import { timeOfDay } from './format';

export type SnoozeId = keyof Strings['desk']['snooze'];

/**
 * The snooze choices of the conversation's actions, the bulk bar and the command palette, from `now`: an id (the
 * palette words it its own way: `palette.snooze`), when, and the menu's label in `t` (9:00 as the locale writes it).
 */
export function snoozeOptions(t: Strings, now = new Date()) {
  const hours = (h: number) => new Date(now.getTime() + h * 3_600_000);
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  const nextWeek = new Date(tomorrow);
  nextWeek.setDate(tomorrow.getDate() + ((8 - tomorrow.getDay()) % 7 || 7) - 1);
  const time = timeOfDay(tomorrow);
  const options: { id: SnoozeId; at: Date }[] = [
    { id: 'oneHour', at: hours(1) },
    { id: 'fourHours', at: hours(4) },
    { id: 'tomorrow', at: tomorrow },
    { id: 'nextMonday', at: nextWeek },
  ];
  return options.map((o) => ({ ...o, time, label: fill(t.desk.snooze[o.id], { time }) }));
}
