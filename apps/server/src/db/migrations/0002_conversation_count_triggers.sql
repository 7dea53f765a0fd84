-- Inbox counters kept by the database itself: every insert, delete, and change of status or assignee of a
-- conversation moves one unit between (organization, status, assignee) buckets, in the same transaction.
CREATE FUNCTION conversation_counts_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE conversation_counts SET n = n - 1
    WHERE organization_id = OLD.organization_id AND status = OLD.status
      AND assignee_id = coalesce(OLD.assignee_id, '00000000-0000-0000-0000-000000000000');
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO conversation_counts (organization_id, status, assignee_id, n)
    VALUES (NEW.organization_id, NEW.status, coalesce(NEW.assignee_id, '00000000-0000-0000-0000-000000000000'), 1)
    ON CONFLICT (organization_id, status, assignee_id) DO UPDATE SET n = conversation_counts.n + 1;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER conversations_count_insert AFTER INSERT ON conversations
  FOR EACH ROW EXECUTE FUNCTION conversation_counts_move();
--> statement-breakpoint
CREATE TRIGGER conversations_count_delete AFTER DELETE ON conversations
  FOR EACH ROW EXECUTE FUNCTION conversation_counts_move();
--> statement-breakpoint
CREATE TRIGGER conversations_count_update AFTER UPDATE OF status, assignee_id ON conversations
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id)
  EXECUTE FUNCTION conversation_counts_move();
--> statement-breakpoint
INSERT INTO conversation_counts (organization_id, status, assignee_id, n)
SELECT organization_id, status, coalesce(assignee_id, '00000000-0000-0000-0000-000000000000'), count(*)
FROM conversations GROUP BY 1, 2, 3;
