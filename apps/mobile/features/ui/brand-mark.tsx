import { StyleSheet, View } from 'react-native';
import { colors } from './theme';

/**
 * Oceras' mark as the dashboard's sign-in page draws it (`.brand-mark` in apps/dashboard/src/styles.css: a 22 px
 * accent square, corners 6 px, a white ring from 5 to 8 px around the centre), at any size.
 */
export function BrandMark({ size = 48 }: { size?: number }) {
  const unit = size / 22;
  const ring = Math.round(16 * unit);
  return (
    <View
      accessibilityElementsHidden
      importantForAccessibility="no-hide-descendants"
      style={[styles.square, { width: size, height: size, borderRadius: 6 * unit }]}
    >
      <View
        style={{
          width: ring,
          height: ring,
          borderRadius: ring / 2,
          borderWidth: Math.max(2, Math.round(3 * unit)),
          borderColor: '#ffffff',
        }}
      />
    </View>
  );
}

const styles = StyleSheet.create({
  square: { backgroundColor: colors.primary, alignItems: 'center', justifyContent: 'center' },
});
