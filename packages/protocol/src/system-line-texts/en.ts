/**
 * The thread's system lines that the dashboard and the mobile app say alike, in English: a reopening after a low
 * rating and the files an email brought that were not kept. Both apps' catalogs spread it among their own system
 * lines; the lines that name a conversation stay in each app's words (German says "Unterhaltung" in one and
 * "Gespräch" in the other). One text per fact for both apps, as email-auth-texts.
 */
export const systemLineTexts = {
  reopenedLowRating: 'Reopened: the visitor rated it {rating}',
  filesRefused: 'Not kept from this email: {files}',
  fileRefused: '{name} ({why})',
  refusedWhy: {
    type: 'a type this organization does not accept',
    size: 'larger than the file size limit',
    quota: 'the file storage is full',
    count: 'more files than one message takes',
    empty: 'empty',
  },
};
