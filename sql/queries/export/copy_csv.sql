-- COPY wrapper for CSV with a header line; the query marker in braces is one of the export
-- queries after its literals were filled in.
COPY (
{query}
) TO STDOUT WITH (FORMAT csv, HEADER)
