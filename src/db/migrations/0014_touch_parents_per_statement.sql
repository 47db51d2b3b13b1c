-- Parents' `modified_at` touched once per statement instead of once per row (0005, part 3). The row
-- triggers ran a dynamic UPDATE of the parent for every child row: a meeting's 600 faction results
-- touched their votes 600 times (about 0.17 ms each), and a touched parent was rewritten even when it
-- had been written in the same transaction already. The statement triggers touch each parent once,
-- and only when its time is not the transaction's time already (the same result: `now()` is the
-- transaction's start, so such a parent carries that time anyway). For an UPDATE, the parents of the
-- old and of the new rows are touched (a child moved to another parent changes both).
CREATE FUNCTION oparl_touch_parents_once() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  i integer := 0;
  parents text;
BEGIN
  WHILE i < TG_NARGS LOOP
    IF TG_OP = 'UPDATE' THEN
      parents := format('SELECT %1$I AS id FROM new_rows UNION SELECT %1$I FROM old_rows', TG_ARGV[i + 1]);
    ELSIF TG_OP = 'INSERT' THEN
      parents := format('SELECT DISTINCT %I AS id FROM new_rows', TG_ARGV[i + 1]);
    ELSE
      parents := format('SELECT DISTINCT %I AS id FROM old_rows', TG_ARGV[i + 1]);
    END IF;
    EXECUTE format(
      'UPDATE %I AS p SET modified_at = now() FROM (%s) AS c WHERE p.id = c.id AND p.modified_at IS DISTINCT FROM now()',
      TG_ARGV[i], parents);
    i := i + 2;
  END LOOP;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER "agenda_item_attachments_touch" ON "agenda_item_attachments";
--> statement-breakpoint
DROP TRIGGER "paper_files_touch" ON "paper_files";
--> statement-breakpoint
DROP TRIGGER "vote_faction_results_touch" ON "vote_faction_results";
--> statement-breakpoint
DROP TRIGGER "vote_ballots_touch" ON "vote_ballots";
--> statement-breakpoint
DROP TRIGGER "minutes_signatures_touch" ON "minutes_signatures";
--> statement-breakpoint
DROP TRIGGER "rapporteurs_touch" ON "rapporteurs";
--> statement-breakpoint
DROP TRIGGER "legislative_terms_touch" ON "legislative_terms";
--> statement-breakpoint
DROP TRIGGER "memberships_touch" ON "memberships";
--> statement-breakpoint
DROP TRIGGER "agenda_items_touch" ON "agenda_items";
--> statement-breakpoint
DROP TRIGGER "attendance_touch" ON "attendance";
--> statement-breakpoint
DROP TRIGGER "consultations_touch" ON "consultations";
--> statement-breakpoint
DROP TRIGGER "votes_touch" ON "votes";
--> statement-breakpoint
DROP TRIGGER "conflicts_touch" ON "conflicts";
--> statement-breakpoint
DROP TRIGGER "addenda_touch" ON "addenda";
--> statement-breakpoint
CREATE TRIGGER "agenda_item_attachments_touch_insert" AFTER INSERT ON "agenda_item_attachments" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION oparl_touch_parents_once('agenda_items', 'agenda_item_id');
--> statement-breakpoint
CREATE TRIGGER "agenda_item_attachments_touch_update" AFTER UPDATE ON "agenda_item_attachments" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION oparl_touch_parents_once('agenda_items', 'agenda_item_id');
--> statement-breakpoint
CREATE TRIGGER "paper_files_touch_insert" AFTER INSERT ON "paper_files" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION oparl_touch_parents_once('papers', 'paper_id');
--> statement-breakpoint
CREATE TRIGGER "paper_files_touch_update" AFTER UPDATE ON "paper_files" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION oparl_touch_parents_once('papers', 'paper_id');
--> statement-breakpoint
CREATE TRIGGER "vote_faction_results_touch_insert" AFTER INSERT ON "vote_faction_results" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION oparl_touch_parents_once('votes', 'vote_id');
--> statement-breakpoint
CREATE TRIGGER "vote_faction_results_touch_update" AFTER UPDATE ON "vote_faction_results" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION oparl_touch_parents_once('votes', 'vote_id');
--> statement-breakpoint
CREATE TRIGGER "vote_ballots_touch_insert" AFTER INSERT ON "vote_ballots" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION oparl_touch_parents_once('votes', 'vote_id');
--> statement-breakpoint
CREATE TRIGGER "vote_ballots_touch_update" AFTER UPDATE ON "vote_ballots" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION oparl_touch_parents_once('votes', 'vote_id');
--> statement-breakpoint
CREATE TRIGGER "minutes_signatures_touch_insert" AFTER INSERT ON "minutes_signatures" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION oparl_touch_parents_once('meetings', 'meeting_id');
--> statement-breakpoint
CREATE TRIGGER "minutes_signatures_touch_update" AFTER UPDATE ON "minutes_signatures" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION oparl_touch_parents_once('meetings', 'meeting_id');
--> statement-breakpoint
CREATE TRIGGER "rapporteurs_touch_insert" AFTER INSERT ON "rapporteurs" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION oparl_touch_parents_once('meetings', 'meeting_id');
--> statement-breakpoint
CREATE TRIGGER "rapporteurs_touch_update" AFTER UPDATE ON "rapporteurs" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION oparl_touch_parents_once('meetings', 'meeting_id');
--> statement-breakpoint
CREATE TRIGGER "agenda_item_attachments_touch_delete" AFTER DELETE ON "agenda_item_attachments" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION oparl_touch_parents_once('agenda_items', 'agenda_item_id');
--> statement-breakpoint
CREATE TRIGGER "paper_files_touch_delete" AFTER DELETE ON "paper_files" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION oparl_touch_parents_once('papers', 'paper_id');
--> statement-breakpoint
CREATE TRIGGER "vote_faction_results_touch_delete" AFTER DELETE ON "vote_faction_results" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION oparl_touch_parents_once('votes', 'vote_id');
--> statement-breakpoint
CREATE TRIGGER "vote_ballots_touch_delete" AFTER DELETE ON "vote_ballots" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION oparl_touch_parents_once('votes', 'vote_id');
--> statement-breakpoint
CREATE TRIGGER "minutes_signatures_touch_delete" AFTER DELETE ON "minutes_signatures" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION oparl_touch_parents_once('meetings', 'meeting_id');
--> statement-breakpoint
CREATE TRIGGER "rapporteurs_touch_delete" AFTER DELETE ON "rapporteurs" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION oparl_touch_parents_once('meetings', 'meeting_id');
--> statement-breakpoint
CREATE TRIGGER "legislative_terms_touch_delete" AFTER DELETE ON "legislative_terms" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION oparl_touch_parents_once('bodies', 'body_id');
--> statement-breakpoint
CREATE TRIGGER "memberships_touch_delete" AFTER DELETE ON "memberships" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION oparl_touch_parents_once('persons', 'person_id', 'organizations', 'organization_id');
--> statement-breakpoint
CREATE TRIGGER "agenda_items_touch_delete" AFTER DELETE ON "agenda_items" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION oparl_touch_parents_once('meetings', 'meeting_id');
--> statement-breakpoint
CREATE TRIGGER "attendance_touch_delete" AFTER DELETE ON "attendance" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION oparl_touch_parents_once('meetings', 'meeting_id');
--> statement-breakpoint
CREATE TRIGGER "consultations_touch_delete" AFTER DELETE ON "consultations" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION oparl_touch_parents_once('papers', 'paper_id', 'agenda_items', 'agenda_item_id');
--> statement-breakpoint
CREATE TRIGGER "votes_touch_delete" AFTER DELETE ON "votes" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION oparl_touch_parents_once('agenda_items', 'agenda_item_id');
--> statement-breakpoint
CREATE TRIGGER "conflicts_touch_delete" AFTER DELETE ON "conflicts" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION oparl_touch_parents_once('agenda_items', 'agenda_item_id');
--> statement-breakpoint
CREATE TRIGGER "addenda_touch_delete" AFTER DELETE ON "addenda" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION oparl_touch_parents_once('agenda_items', 'agenda_item_id');
--> statement-breakpoint
DROP FUNCTION oparl_touch_parents();
