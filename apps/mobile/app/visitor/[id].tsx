import { useLocalSearchParams } from 'expo-router';
import { VisitorScreen } from '@/features/visitor/visitor-screen';

export default function VisitorRoute() {
  const { id, conversation } = useLocalSearchParams<{ id: string; conversation?: string }>();
  return <VisitorScreen key={id} id={id} conversationId={conversation} />;
}
