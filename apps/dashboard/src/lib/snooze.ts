/** The snooze choices of the conversation's actions, the bulk bar and the command palette, from `now`. */
export function snoozeOptions(now = new Date()) {
  const hours = (h: number) => new Date(now.getTime() + h * 3_600_000);
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  const nextWeek = new Date(tomorrow);
  nextWeek.setDate(tomorrow.getDate() + ((8 - tomorrow.getDay()) % 7 || 7) - 1);
  return [
    { label: 'For 1 hour', at: hours(1) },
    { label: 'For 4 hours', at: hours(4) },
    { label: 'Until tomorrow 9:00', at: tomorrow },
    { label: 'Until next Monday 9:00', at: nextWeek },
  ];
}
