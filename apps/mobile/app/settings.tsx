import { SettingsScreen } from '@/features/settings/settings-screen';

export default SettingsScreen;
