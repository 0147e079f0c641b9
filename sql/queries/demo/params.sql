-- The generator's parameters, visible to the sql/demo steps through current_setting().
SELECT set_config('agentdb.demo_scale', $1, true),
       set_config('agentdb.demo_seed', $2, true),
       set_config('agentdb.demo_batch', $3, true),
       set_config('agentdb.demo_epoch', $4, true),
       set_config('search_path', 'public', true)
