-- Whether the table of check results exists yet (creating it needs CREATE on the database).
SELECT to_regclass('agentdb.check_results') IS NOT NULL
