-- The back office's paper list searched reference, type, title and text with ILIKE: "Gebuehren" did not find
-- "Gebühren", nor "strasse" "Straße". Reference, type and title are stored folded (ratsinfo_german_key, as
-- persons and organisations in 0012), so the search compares folded text without folding every row on every
-- request; the text (long) is still matched with ILIKE.
ALTER TABLE "papers" ADD COLUMN "search_text" text GENERATED ALWAYS AS (ratsinfo_german_key("reference" || ' ' || "paper_type" || ' ' || "title")) STORED;
