-- The data version (0007) is bumped once per writing transaction instead of once per statement: the first
-- write of a transaction updates the row and marks the transaction (a transaction-local setting holding its
-- id); later statements of the same transaction see the mark and do nothing. A savepoint rolled back takes
-- its update and its mark back together (both are undone with the subtransaction), so the next write bumps
-- again. Readers see the new version exactly when they see the transaction's data: at its commit.
CREATE OR REPLACE FUNCTION "ratsinfo_bump_data_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF current_setting('ratsinfo.data_version_xact', true) IS DISTINCT FROM txid_current()::text THEN
		PERFORM set_config('ratsinfo.data_version_xact', txid_current()::text, true);
		UPDATE "data_version" SET "version" = "version" + 1;
	END IF;
	RETURN NULL;
END
$$;
