-- COPY wrapper for JSON Lines: one row_to_json object per row. COPY's text format would escape
-- every backslash of the JSON (\" would arrive as \\"), so this uses CSV format with a quote
-- and a delimiter (bytes 0x01 and 0x02) that JSON text never holds raw: row_to_json escapes
-- control characters inside strings, so no value is ever quoted and each line arrives as is.
-- (Raw newlines could only come from json-typed columns' whitespace; the exported tables have
-- none, only jsonb, whose text has no newlines.)
COPY (
SELECT row_to_json(j) FROM (
{query}
) j
) TO STDOUT WITH (FORMAT csv, QUOTE E'\x01', DELIMITER E'\x02')
