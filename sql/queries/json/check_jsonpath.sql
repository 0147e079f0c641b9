-- json show: --jsonpath is parsed by the server's own jsonpath type; a syntax error fails here.
SELECT $1::jsonpath::text
