-- json show: PATH must be a one-dimensional text[] literal such as {runs,0,checks}; an invalid
-- literal fails here (22P02) before any row is read. Returns the number of dimensions (NULL for {}).
SELECT array_ndims($1::text[])
