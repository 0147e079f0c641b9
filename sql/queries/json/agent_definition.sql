-- Agent screen, J: the agent's definition, whose yaml_config opens in the JSON viewer. $1 agent.
SELECT definition_id::text FROM agents WHERE id = $1::uuid
