import { Pressable, StyleSheet, Text, View } from 'react-native';
import { fill, useStrings } from '@/lib/i18n/i18n';
import { common, space } from './theme';

/** One choice among a few, as chips (radio buttons). */
export function Choices<T extends string>({
  label,
  options,
  value,
  onChange,
  isInCard,
}: {
  label: string;
  options: readonly { id: T; label: string }[];
  value: T;
  onChange: (id: T) => void;
  isInCard?: boolean;
}) {
  const strings = useStrings();
  return (
    <View role="radiogroup" accessibilityLabel={label} style={[styles.chips, isInCard && styles.chipsInCard]}>
      {options.map((o) => {
        const isOn = o.id === value;
        return (
          <Pressable
            key={o.id}
            role="radio"
            aria-checked={isOn}
            accessibilityLabel={fill(strings.filters.choice, { label, option: o.label })}
            accessibilityState={{ checked: isOn }}
            onPress={() => onChange(o.id)}
            style={[common.chip, isOn && common.chipOn]}
          >
            <Text style={isOn ? common.chipTextOn : common.chipText}>{o.label}</Text>
          </Pressable>
        );
      })}
    </View>
  );
}

const styles = StyleSheet.create({
  chips: { flexDirection: 'row', flexWrap: 'wrap', gap: space.s, marginHorizontal: space.l },
  chipsInCard: { marginHorizontal: 0 },
});
