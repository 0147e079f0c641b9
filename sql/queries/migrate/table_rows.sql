-- Exact row count of a table named by parameters; %I quoting server-side, so no SQL is built
-- from text on the client. NULL when the table does not exist.
SELECT CASE WHEN to_regclass(format('%I', $1::text)) IS NULL THEN NULL
            ELSE (xpath('/row/c/text()',
                        query_to_xml(format('SELECT count(*) AS c FROM %I', $1::text), false, true, '')))[1]::text
       END
