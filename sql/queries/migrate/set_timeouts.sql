-- Session settings for running a migration: its timeouts, and the search path pinned to public so
-- that a role named like the engine's schema ("agentdb": $user in the default path) cannot pull
-- the application's objects into the engine's history schema. $3: local to the transaction.
SELECT set_config('lock_timeout', $1, $3::boolean),
       set_config('statement_timeout', $2, $3::boolean),
       set_config('search_path', 'public', $3::boolean)
