import { ProfileScreen } from '@/features/settings/profile-screen';

export default ProfileScreen;
