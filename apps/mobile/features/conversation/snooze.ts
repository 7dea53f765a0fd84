/** Snooze choices: until a later time today, tomorrow morning, or next Monday morning (device time). */
export function snoozeUntil(choice: 'hour' | 'tomorrow' | 'week', now = new Date()) {
  const d = new Date(now);
  if (choice === 'hour') return new Date(d.getTime() + 3_600_000).toISOString();
  d.setHours(9, 0, 0, 0);
  if (choice === 'tomorrow') d.setDate(d.getDate() + 1);
  else d.setDate(d.getDate() + ((8 - d.getDay()) % 7 || 7));
  return d.toISOString();
}
