import { Pressable, StyleSheet, Text, View } from 'react-native';
import { colors, space } from './theme';

interface Option<T extends string> {
  id: T;
  label: string;
  count?: number | undefined;
}

/** Tabs (role tab, aria-selected) with an optional count bubble each. */
export function Segmented<T extends string>({
  options,
  value,
  onChange,
  label,
}: {
  options: Option<T>[];
  value: T;
  onChange: (id: T) => void;
  label: string;
}) {
  return (
    <View role="tablist" accessibilityLabel={label} style={styles.bar}>
      {options.map((o) => {
        const isSelected = o.id === value;
        return (
          <Pressable
            key={o.id}
            role="tab"
            accessibilityLabel={o.count === undefined ? o.label : `${o.label}, ${o.count}`}
            accessibilityState={{ selected: isSelected }}
            aria-selected={isSelected}
            onPress={() => onChange(o.id)}
            style={[styles.tab, isSelected && styles.selected]}
          >
            <Text style={[styles.text, isSelected && styles.selectedText]}>{o.label}</Text>
            {o.count !== undefined && (
              <View style={[styles.count, isSelected && styles.countSelected]}>
                <Text style={[styles.countText, isSelected && styles.countTextSelected]}>
                  {o.count > 99 ? '99+' : o.count}
                </Text>
              </View>
            )}
          </Pressable>
        );
      })}
    </View>
  );
}

const styles = StyleSheet.create({
  bar: {
    flexDirection: 'row',
    backgroundColor: '#e9ebf3',
    borderRadius: 10,
    padding: 3,
    marginHorizontal: space.l,
    marginVertical: space.s,
  },
  tab: {
    flex: 1,
    flexDirection: 'row',
    alignItems: 'center',
    justifyContent: 'center',
    paddingVertical: 8,
    borderRadius: 8,
    gap: 6,
  },
  selected: { backgroundColor: colors.card, shadowColor: '#000', shadowOpacity: 0.08, shadowRadius: 3 },
  text: { fontSize: 14, fontWeight: '600', color: colors.muted },
  selectedText: { color: colors.text },
  count: { minWidth: 20, paddingHorizontal: 6, borderRadius: 10, backgroundColor: '#d9dcea' },
  countSelected: { backgroundColor: colors.primary },
  countText: { fontSize: 12, fontWeight: '700', color: colors.muted, textAlign: 'center' },
  countTextSelected: { color: colors.primaryText },
});
