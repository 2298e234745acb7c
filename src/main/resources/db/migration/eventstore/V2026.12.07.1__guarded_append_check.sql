-- A delivery written in one statement (EventStore.inOneStatement) appends only if its inbox row is new. When the row
-- is new but the append wrote fewer events than it carried (the stream is not at the version expected), the whole
-- statement must fail, so that the inbox row does not commit without its effects: this raises that failure.
CREATE OR REPLACE FUNCTION eventstore.expect_appended(guard_passed boolean, appended bigint, expected bigint,
                                                      stream text, expected_version bigint)
    RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
    IF guard_passed AND appended <> expected THEN
        RAISE EXCEPTION 'stream % is not at version %', stream, expected_version
            USING ERRCODE = 'ES409';
    END IF;
    RETURN appended;
END
$$;

-- Likewise for a write that must find its row (a view row it updates): none found fails the whole statement, and the
-- writer then writes in a transaction, whose later statements see a row inserted after this statement began.
CREATE OR REPLACE FUNCTION eventstore.expect_written(guard_passed boolean, written bigint, what text)
    RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
    IF guard_passed AND written = 0 THEN
        RAISE EXCEPTION 'write % found no row to write', what USING ERRCODE = 'ES404';
    END IF;
    RETURN written;
END
$$;
