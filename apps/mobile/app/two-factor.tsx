import { TwoFactorRequiredScreen } from '@/features/settings/two-factor-required-screen';

export default TwoFactorRequiredScreen;
