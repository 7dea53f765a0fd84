import { MentionsScreen } from '@/features/inbox/mentions-screen';

export default MentionsScreen;
