-- Where the server keeps its data (readable by superusers and pg_read_all_settings members).
SELECT setting FROM pg_settings WHERE name = 'data_directory'
