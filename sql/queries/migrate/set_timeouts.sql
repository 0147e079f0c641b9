SELECT set_config('lock_timeout', $1, $3::boolean), set_config('statement_timeout', $2, $3::boolean)
