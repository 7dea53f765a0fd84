import { InboxScreen } from '@/features/inbox/inbox-screen';

export default InboxScreen;
