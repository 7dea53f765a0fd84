import { NotificationsScreen } from '@/features/settings/notifications-screen';

export default NotificationsScreen;
