import { useLocalSearchParams } from 'expo-router';
import { VisitorScreen } from '@/features/visitor/visitor-screen';

export default function VisitorRoute() {
  const { id } = useLocalSearchParams<{ id: string }>();
  return <VisitorScreen key={id} id={id} />;
}
